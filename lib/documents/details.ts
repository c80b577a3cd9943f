// A document's details as readers see them above its text (title, kind, publisher, author, date, source):
// what the reader page starts with and what the live `document.details` event carries after an admin
// changes them (lib/documents/service.ts updateDocumentMetadata), so an open page shows the new ones.
import type { DocumentRecord } from "./store";

/** The fields an admin edits (PATCH /api/documents/[id]); the audit log names each one changed. */
export const DETAIL_FIELDS = ["title", "kind", "publisher", "author", "publishedAt", "sourceUrl"] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];
export type DocumentDetails = Pick<DocumentRecord, DetailField>;

/** Just the details of a record (or anything that has them). */
export const documentDetails = (d: DocumentDetails): DocumentDetails => ({ title: d.title, kind: d.kind, publisher: d.publisher, author: d.author, publishedAt: d.publishedAt, sourceUrl: d.sourceUrl });
