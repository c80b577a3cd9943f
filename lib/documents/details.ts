// A document's details as readers see them above its text (title, kind, publisher, author, date, source):
// what the reader page starts with and what the live `document.details` event carries after an admin
// changes them (lib/documents/service.ts updateDocumentMetadata), so an open page shows the new ones.
export interface DocumentDetails {
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  sourceUrl: string | null;
}

export const documentDetails = (d: DocumentDetails): DocumentDetails => ({
  title: d.title,
  kind: d.kind,
  publisher: d.publisher,
  author: d.author,
  publishedAt: d.publishedAt,
  sourceUrl: d.sourceUrl,
});
