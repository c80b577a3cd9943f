import "server-only";
// A deleted document, for an admin to look at before deciding whether to restore it: its text and its
// annotations as they were, read-only (the reader at /documents/[id] shows it so). Anyone else, like
// everyone for an unknown id, gets NOT_FOUND: a deleted document does not exist for them.
import { isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { listAnnotationsOnVersion } from "@/lib/annotations/anchoring";
import type { AnyAnnotationDTO } from "@/lib/annotations/types";
import { findDocumentWithText, type DocumentWithText } from "./store";

export interface DeletedDocumentView {
  document: DocumentWithText & { deletedAt: string };
  /** Its live annotations on its current text, in document order (the orphaned ones last). */
  annotations: AnyAnnotationDTO[];
}

/** A deleted document and its annotations, for an admin (NOT_FOUND for others, and for a live or unknown document). */
export async function findDeletedDocument(options: { user: Pick<CurrentUser, "id" | "role">; id: string }): Promise<DeletedDocumentView> {
  if (!isAdmin(options.user)) throw notFound("Document");
  const document = await findDocumentWithText(options.id, { includeDeleted: true });
  if (!document?.deletedAt) throw notFound("Document");
  const { annotations } = await listAnnotationsOnVersion({ documentId: document.id, includeDeleted: true });
  return { document: { ...document, deletedAt: document.deletedAt }, annotations };
}
