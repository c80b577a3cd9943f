import type { AnnotationDTO } from "@/lib/annotations/types";
import type { CurrentUser } from "@/lib/auth/roles";
import { Workbench } from "./workbench";
import { ExportMenu } from "@/components/export/export-menu";

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

interface Props {
  document: ReaderDocument;
  annotations: AnnotationDTO[];
  user: Pick<CurrentUser, "id" | "name" | "role">;
  initialAt: { start: number; end: number } | null;
  since: number;
}

export function ReaderView({ document, annotations, user, initialAt, since }: Readonly<Props>) {
  return (
    <article>
      <div className="reader-title">
        <h1>{document.title}</h1>
        <ExportMenu documentId={document.id} />
      </div>
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
      <Workbench
        documentId={document.id}
        text={document.text}
        initialAnnotations={annotations}
        viewer={{ id: user.id, name: user.name, role: user.role }}
        initialAt={initialAt}
        since={since}
      />
    </article>
  );
}
