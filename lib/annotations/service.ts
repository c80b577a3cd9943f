import "server-only";
// Annotations: one reviewer's claim about a span of a document. Authorization lives here, next to the data:
// writers are everyone but viewers; only the author edits; the author or an admin deletes; admins restore.
// Rulings are in rulings.ts, replies and verdicts in discussion.ts.
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { validateSpan } from "@/lib/anchoring/quote";
import { emptyNote, parseNote, type NoteDoc } from "@/lib/notes/schema";
import { noteToPlainText } from "@/lib/notes/text";
import { publish, type LiveEvent } from "@/lib/events/bus";
import { appendEvent } from "@/lib/events/store";
import { findLiveText, isDocumentLive } from "@/lib/documents/store";
import { findPeople } from "@/lib/users/store";
import { suggestionOrigin } from "@/lib/suggestions/service";
import { write } from "@/lib/store/transaction";
import type { CreateAnnotationInput, UpdateAnnotationInput } from "./schemas";
import { peopleOf, toAnnotationDTO, type AnnotationRecord, type PeopleLookup } from "./record";
import {
  editAnnotation,
  findAnnotationRecord,
  findDeletedAnnotations as findDeletedRecords,
  findDocumentAnnotations,
  findRevisions,
  insertAnnotation,
  resolveDisputes,
  setAnnotationDeleted,
} from "./store";
import type { AnnotationDTO, Classification, EvidenceDTO } from "./types";

// Document texts are immutable, so their code point indexes can be cached for the life of the process.
const indexCache = new Map<string, CodePointIndex>();
async function documentIndex(documentId: string): Promise<CodePointIndex> {
  const cached = indexCache.get(documentId);
  if (cached) return cached;
  const text = await findLiveText(documentId);
  if (text === null) throw notFound("Document");
  const index = new CodePointIndex(text);
  if (indexCache.size >= 64) indexCache.delete(indexCache.keys().next().value!);
  indexCache.set(documentId, index);
  return index;
}

/** A people lookup for these records (one query for everyone they name, cached briefly by the people store). */
export async function peopleFor(annotations: Iterable<AnnotationRecord>, extra: Iterable<string> = []): Promise<PeopleLookup> {
  const ids = peopleOf(annotations);
  for (const id of extra) ids.add(id);
  const people = await findPeople(ids);
  return (id) => people.get(id);
}

export async function toDTOs(records: AnnotationRecord[]): Promise<AnnotationDTO[]> {
  const people = await peopleFor(records);
  return records.map((r) => toAnnotationDTO(r, people));
}

export async function toDTO(record: AnnotationRecord): Promise<AnnotationDTO> {
  return (await toDTOs([record]))[0];
}

export function parseNoteInput(input: unknown): { note: NoteDoc; noteText: string } {
  if (input === undefined || input === null) return { note: emptyNote(), noteText: "" };
  const parsed = parseNote(input);
  if (!parsed.ok) throw new AppError("UNPROCESSABLE", `The note is not allowed: ${parsed.message}`);
  return { note: parsed.doc, noteText: noteToPlainText(parsed.doc) };
}

export async function findAnnotationsForDocument(options: { documentId: string }): Promise<AnnotationDTO[]> {
  if (!(await isDocumentLive(options.documentId))) throw notFound("Document");
  return toDTOs(await findDocumentAnnotations(options.documentId));
}

/** A live annotation of a live document (NOT_FOUND otherwise); admins may ask for a deleted one. */
export async function findAnnotation(options: { id: string; includeDeleted?: boolean }): Promise<AnnotationDTO> {
  const record = await findAnnotationRecord(options.id, { includeDeleted: options.includeDeleted });
  if (!record) throw notFound("Annotation");
  return toDTO(record);
}

function commit(event: LiveEvent | null) {
  if (event) publish(event);
}

export async function createAnnotation(options: { user: CurrentUser; documentId: string; input: CreateAnnotationInput }) {
  const { user, documentId, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot annotate.");
  const index = await documentIndex(documentId);
  const span = validateSpan(index, input.start, input.end, input.quote);
  if (!span.ok) throw new AppError("UNPROCESSABLE", span.message, { reason: span.code });
  const { note, noteText } = parseNoteInput(input.note);
  const suggestion = input.fromSuggestion ? await suggestionOrigin(documentId, input) : null;
  // The author is the caller: no people lookup on the hot path.
  const people: PeopleLookup = (id) => (id === user.id ? { name: user.name } : undefined);
  const { dto, event } = await write(async (tx) => {
    // The index cache outlives a soft delete: check the document inside the write.
    if (!(await isDocumentLive(documentId, tx))) throw notFound("Document");
    const record = await insertAnnotation(tx, {
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
      suggestion,
    });
    const dto = toAnnotationDTO(record, people);
    return { dto, event: await appendEvent(tx, documentId, "annotation.created", { annotation: dto }) };
  });
  commit(event);
  return dto;
}

export async function updateAnnotation(options: { user: CurrentUser; id: string; input: UpdateAnnotationInput }) {
  const { user, id, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot edit annotations.");
  const current = await findAnnotationRecord(id);
  if (!current) throw notFound("Annotation");
  if (current.authorId !== user.id) throw forbidden("Only the author can edit an annotation.");
  const note = input.note !== undefined ? parseNoteInput(input.note) : null;
  const people = await peopleFor([current]);
  const { dto, event } = await write(async (tx) => {
    const result = await editAnnotation(tx, {
      id,
      editorId: user.id,
      classification: input.classification,
      note: note ? { json: JSON.stringify(note.note), text: note.noteText } : undefined,
      evidence: input.evidence,
    });
    if (!result) throw notFound("Annotation");
    if (!result.changed) return { dto: toAnnotationDTO(result.record, people), event: null };
    let record = result.record;
    // The author adopted what a dispute proposed: that dispute is settled (kept, shown as resolved).
    if ((await resolveDisputes(tx, id, "adopted", record.classification)) > 0) {
      record = (await findAnnotationRecord(id, {}, tx))!;
    }
    const dto = toAnnotationDTO(record, people);
    return { dto, event: await appendEvent(tx, dto.documentId, "annotation.updated", { annotation: dto }) };
  });
  commit(event);
  return dto;
}

export async function deleteAnnotation(options: { user: CurrentUser; id: string }) {
  const { user, id } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot delete annotations.");
  const current = await findAnnotationRecord(id);
  if (!current) throw notFound("Annotation");
  if (current.authorId !== user.id && !isAdmin(user)) throw forbidden("Only the author or an admin can delete an annotation.");
  const event = await write(async (tx) => {
    const record = await setAnnotationDeleted(tx, id, user.id);
    if (!record) throw notFound("Annotation");
    return appendEvent(tx, record.documentId, "annotation.deleted", { id, documentId: record.documentId });
  });
  commit(event);
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
  const revisions = await findRevisions(options.id);
  const people = await findPeople(revisions.map((r) => r.editorId));
  return revisions.map((r) => ({
    version: r.version,
    editor: { id: r.editorId, name: people.get(r.editorId)?.name ?? "Unknown reviewer" },
    createdAt: r.createdAt,
    changed: r.changed,
    classification: r.classification,
    note: JSON.parse(r.note) as NoteDoc,
    noteText: r.noteText,
    evidence: r.evidence,
  }));
}

/** Soft-deleted annotations, newest deletion first (admins). */
export async function findDeletedAnnotations(options: { user: CurrentUser; take?: number }) {
  if (!isAdmin(options.user)) throw forbidden("Only admins can list deleted annotations.");
  const records = await findDeletedRecords(options.take ?? 200);
  const people = await peopleFor(records, records.flatMap((r) => (r.deletedById ? [r.deletedById] : [])));
  return records.map((r) => ({
    ...toAnnotationDTO(r, people),
    document: { id: r.documentId, title: r.documentTitle },
    deletedAt: r.deletedAt!,
    deletedBy: r.deletedById ? { id: r.deletedById, name: people(r.deletedById)?.name ?? "unknown" } : null,
  }));
}

export async function restoreAnnotation(options: { user: CurrentUser; id: string }): Promise<AnnotationDTO> {
  if (!isAdmin(options.user)) throw forbidden("Only admins can restore annotations.");
  const existing = await findAnnotationRecord(options.id, { includeDeleted: true });
  if (!existing) throw notFound("Annotation");
  const people = await peopleFor([existing]);
  const { dto, event } = await write(async (tx) => {
    const record = await setAnnotationDeleted(tx, options.id, null);
    if (!record) throw new AppError("CONFLICT", "This annotation is not deleted.");
    const dto = toAnnotationDTO(record, people);
    return { dto, event: await appendEvent(tx, record.documentId, "annotation.restored", { annotation: dto }) };
  });
  commit(event);
  return dto;
}
