import "server-only";
// Annotations: one reviewer's claim about a span of a document. Authorization lives here, next to the data:
// writers are admins and reviewers; only the author edits; the author or an admin deletes; admins restore.
import { db } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { validateSpan } from "@/lib/anchoring/quote";
import { emptyNote, parseNote, type NoteDoc } from "@/lib/notes/schema";
import { noteToPlainText } from "@/lib/notes/text";
import { publish, type LiveEvent } from "@/lib/events/bus";
import type { AnnotationListQuery, CreateAnnotationInput, UpdateAnnotationInput } from "./schemas";
import {
  documentIsLive,
  editAnnotation,
  insertAnnotation,
  readAnnotation,
  readAnnotationIdsPage,
  readAnnotationsByIds,
  readDeletedAnnotations,
  readDocumentAnnotations,
  readDocumentSpans,
  setAnnotationDeleted,
} from "./store";
import type { AnnotationDTO, Classification, DocumentSpans, EvidenceDTO } from "./types";

// Document texts are immutable, so their code point indexes can be cached for the life of the process.
const indexCache = new Map<string, CodePointIndex>();
async function documentIndex(documentId: string): Promise<CodePointIndex> {
  if (!documentIsLive(documentId)) throw notFound("Document"); // the cache outlives a soft delete
  const cached = indexCache.get(documentId);
  if (cached) return cached;
  const doc = await db.document.findFirst({ where: { id: documentId, deletedAt: null }, select: { text: true } });
  if (!doc) throw notFound("Document");
  const index = new CodePointIndex(doc.text);
  if (indexCache.size >= 64) indexCache.delete(indexCache.keys().next().value!);
  indexCache.set(documentId, index);
  return index;
}

export function parseNoteInput(input: unknown): { note: NoteDoc; noteText: string } {
  if (input === undefined || input === null) return { note: emptyNote(), noteText: "" };
  const parsed = parseNote(input);
  if (!parsed.ok) throw new AppError("UNPROCESSABLE", `The note is not allowed: ${parsed.message}`);
  return { note: parsed.doc, noteText: noteToPlainText(parsed.doc) };
}

export async function findAnnotationsForDocument(options: { documentId: string }): Promise<AnnotationDTO[]> {
  if (!documentIsLive(options.documentId)) throw notFound("Document");
  return readDocumentAnnotations(options.documentId);
}

/**
 * GET /api/documents/[id]/annotations: all live annotations, one page in document order (with the
 * cursor of the next page, null after the last), or the chosen ones (unknown ids are left out).
 */
export async function listDocumentAnnotations(options: {
  documentId: string;
  query: AnnotationListQuery;
}): Promise<{ annotations: AnnotationDTO[]; nextCursor?: string | null }> {
  const { documentId, query } = options;
  if (!documentIsLive(documentId)) throw notFound("Document");
  if (query.ids) return { annotations: readAnnotationsByIds(documentId, query.ids) };
  if (query.limit === undefined) return { annotations: readDocumentAnnotations(documentId) };
  // One more than asked tells whether another page follows.
  const ids = readAnnotationIdsPage(documentId, query.limit + 1, query.cursor ?? null);
  if (!ids) throw new AppError("INVALID_INPUT", "The cursor is not an annotation of this document.");
  const page = ids.slice(0, query.limit);
  return { annotations: readAnnotationsByIds(documentId, page), nextCursor: ids.length > query.limit ? page[page.length - 1] : null };
}

/** The reader page's compact highlights (see SpanTuple). */
export async function findDocumentSpans(options: { documentId: string }): Promise<DocumentSpans> {
  if (!documentIsLive(options.documentId)) throw notFound("Document");
  return readDocumentSpans(options.documentId);
}

export async function findAnnotation(options: { id: string; includeDeleted?: boolean }): Promise<AnnotationDTO> {
  const dto = readAnnotation(options.id, options.includeDeleted);
  if (!dto) throw notFound("Annotation");
  return dto;
}

async function commit(event: LiveEvent | null) {
  if (event) publish(event);
}

export async function createAnnotation(options: { user: CurrentUser; documentId: string; input: CreateAnnotationInput }) {
  const { user, documentId, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot annotate.");
  const index = await documentIndex(documentId);
  const span = validateSpan(index, input.start, input.end, input.quote);
  if (!span.ok) throw new AppError("UNPROCESSABLE", span.message, { reason: span.code });
  const { note, noteText } = parseNoteInput(input.note);
  const { dto, event } = await insertAnnotation({
    documentId,
    authorId: user.id,
    start: input.start,
    end: input.end,
    quote: span.quote,
    prefix: span.prefix,
    suffix: span.suffix,
    classification: input.classification,
    note: JSON.stringify(note),
    noteText,
    evidence: input.evidence,
  });
  await commit(event);
  return dto;
}

export async function updateAnnotation(options: { user: CurrentUser; id: string; input: UpdateAnnotationInput }) {
  const { user, id, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot edit annotations.");
  const current = await findAnnotation({ id });
  if (current.author.id !== user.id) throw forbidden("Only the author can edit an annotation.");
  const note = input.note !== undefined ? parseNoteInput(input.note) : null;
  const result = await editAnnotation({
    id,
    editorId: user.id,
    classification: input.classification,
    note: note ? { json: JSON.stringify(note.note), text: note.noteText } : undefined,
    evidence: input.evidence,
  });
  if (!result) return findAnnotation({ id }); // nothing changed
  await commit(result.event);
  return result.dto;
}

export async function deleteAnnotation(options: { user: CurrentUser; id: string }) {
  const { user, id } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot delete annotations.");
  const current = await findAnnotation({ id });
  if (current.author.id !== user.id && !isAdmin(user)) throw forbidden("Only the author or an admin can delete an annotation.");
  const result = await setAnnotationDeleted(id, user.id);
  if (!result) throw notFound("Annotation");
  await commit(result.event);
}

export interface RevisionDTO {
  version: number;
  editor: { id: string; name: string };
  createdAt: string; // when this version was replaced
  changed: string[];
  classification: Classification;
  note: NoteDoc;
  noteText: string;
  evidence: EvidenceDTO[];
}

/** Earlier versions of an annotation, newest first. */
export async function findAnnotationHistory(options: { id: string }): Promise<RevisionDTO[]> {
  await findAnnotation({ id: options.id });
  const rows = await db.annotationRevision.findMany({
    where: { annotationId: options.id },
    include: { editor: { select: { id: true, name: true } } },
    orderBy: { version: "desc" },
  });
  return rows.map((r) => ({
    version: r.version,
    editor: r.editor,
    createdAt: r.createdAt.toISOString(),
    changed: JSON.parse(r.changed) as string[],
    classification: r.classification as Classification,
    note: JSON.parse(r.note) as NoteDoc,
    noteText: r.noteText,
    evidence: JSON.parse(r.evidence) as EvidenceDTO[],
  }));
}

/** Soft-deleted annotations, newest deletion first (admins). */
export async function findDeletedAnnotations(options: { user: CurrentUser; take?: number }) {
  if (!isAdmin(options.user)) throw forbidden("Only admins can list deleted annotations.");
  return readDeletedAnnotations(options.take ?? 200);
}

export async function restoreAnnotation(options: { user: CurrentUser; id: string }): Promise<AnnotationDTO> {
  if (!isAdmin(options.user)) throw forbidden("Only admins can restore annotations.");
  const result = await setAnnotationDeleted(options.id, null);
  if (!result) {
    if (readAnnotation(options.id, true)) throw new AppError("CONFLICT", "This annotation is not deleted.");
    throw notFound("Annotation");
  }
  await commit(result.event);
  return result.dto;
}
