import { DocumentText } from "./document-text";

export interface ReaderDocument {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  sourceUrl: string | null;
  words: number;
  length: number;
  text: string;
}

export function ReaderView({ document }: Readonly<{ document: ReaderDocument }>) {
  return (
    <article>
      <h1>{document.title}</h1>
      <p className="doc-meta">
        <span>{document.kind}</span>
        {document.publisher && <span>{document.publisher}</span>}
        {document.author && <span>by {document.author}</span>}
        {document.publishedAt && <span>published {document.publishedAt}</span>}
        <span>{document.words.toLocaleString("en")} words</span>
        {document.sourceUrl && (
          <a href={document.sourceUrl} rel="nofollow noopener noreferrer" target="_blank">
            source
          </a>
        )}
      </p>
      <DocumentText text={document.text} />
    </article>
  );
}
