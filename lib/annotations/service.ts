import "server-only";
import { createHash } from "node:crypto";
// Annotations: one reviewer's claim about a span of a document. Authorization lives here, next to the data:
// writers are everyone but viewers; only the author edits; the author or an admin deletes; admins restore.
// Rulings are in rulings.ts, replies and verdicts in discussion.ts.
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { validateSpan } from "@/lib/anchoring/quote";
import { emptyNote, parseNote, type NoteDoc } from "@/lib/notes/schema";
import { plainTextToNote, noteToPlainText } from "@/lib/notes/text";
import { publish, type CommittedEvent } from "@/lib/events/bus";
import { appendEvent, latestEventId } from "@/lib/events/store";
import { findLiveActivityAt, findLiveText, findLiveVersion, isDocumentLive, lockDocumentVersion } from "@/lib/documents/store";
import { findPeople } from "@/lib/users/store";
import { recordAuditIn } from "@/lib/audit/service";
import { suggestionOrigin } from "@/lib/suggestions/service";
import { read, write, type Tx } from "@/lib/store/transaction";
import { storedTime } from "@/lib/store/time";
import type { CreateAnnotationInput, UpdateAnnotationInput } from "./schemas";
import { personRef, toAnnotationDTO, toSpanTuples, type PeopleLookup } from "./record";
import { peopleFor, toDTO, toDTOs } from "./dto";
import {
  editAnnotation,
  findAnnotationRecord,
  findDeletedAnnotations as findDeletedRecords,
  findDocumentAnnotations,
  findDocumentSpans as findSpanRecords,
  findRevisions,
  insertAnnotation,
  resolveDisputes,
  setAnnotationDeleted,
} from "./store";
import { isPlaced, type AnnotationDTO, type AnyAnnotationDTO, type Classification, type DocumentSpans, type EvidenceDTO } from "./types";
import { WeightedLru } from "@/lib/cache/weighted-lru";

/** A document's text as placing annotations on it needs it: which text it is, and its code point index. */
export interface CurrentText {
  version: number;
  textHash: string;
  index: CodePointIndex;
}

// A version's text never changes, so the code point index of a document's latest text this process has
// read is kept (for the last 64 documents). A write that places annotations checks inside its
// transaction that the document still has that text (assertVersion, by version and hash), so a version
// added by another process (a second server, the import CLI) is never written against an older text.
const INDEX_CACHE_SIZE = 64;
const indexCache = new Map<string, CurrentText>();

/** The current text of a live document, as read now. */
async function documentIndex(documentId: string): Promise<CurrentText> {
  const now = await findLiveVersion(documentId);
  if (now === null) throw notFound("Document");
  const cached = indexCache.get(documentId);
  if (cached && cached.version === now.version && cached.textHash === now.textHash) return cached;
  const current = await findLiveText(documentId);
  if (current === null) throw notFound("Document");
  const text: CurrentText = { version: current.version, textHash: current.textHash, index: new CodePointIndex(current.text) };
  indexCache.delete(documentId);
  if (indexCache.size >= INDEX_CACHE_SIZE) indexCache.delete(indexCache.keys().next().value!);
  indexCache.set(documentId, text);
  return text;
}

/** Thrown inside a write whose text is no longer the document's current version. */
export class StaleVersion extends Error {}

/**
 * Runs `attempt` with the document's current text. It is first tried on the text this process read last
 * for the document, without reading which text the document has now: the write checks that
 * (assertVersion). If that try fails in a way the text may explain (StaleVersion, or a refusal such as a
 * quote that is not there), it is tried on the text read now; and when that write finds that a new
 * version arrived since (StaleVersion), on the text read again, once more.
 */
export async function withCurrentText<T>(documentId: string, attempt: (current: CurrentText) => Promise<T>): Promise<T> {
  const remembered = indexCache.get(documentId);
  if (remembered) {
    try {
      return await attempt(remembered);
    } catch (error) {
      if (!(error instanceof StaleVersion || error instanceof AppError)) throw error;
    }
  }
  try {
    return await attempt(await documentIndex(documentId));
  } catch (error) {
    if (!(error instanceof StaleVersion)) throw error;
    try {
      return await attempt(await documentIndex(documentId));
    } catch (again) {
      if (again instanceof StaleVersion) throw new AppError("CONFLICT", "The document got a new version meanwhile; reload it and try again.");
      throw again;
    }
  }
}

/**
 * Inside a write: the document is live and still at `version`, with `textHash` when given (else
 * StaleVersion, or NOT_FOUND when it is gone). It is marked active at `at` meanwhile: an event appended
 * after it is `stamped`.
 */
export async function assertVersion(tx: Tx, documentId: string, version: number, at: string, textHash?: string): Promise<void> {
  if (await lockDocumentVersion(tx, documentId, version, at, textHash)) return;
  if (!(await isDocumentLive(documentId, tx))) throw notFound("Document");
  throw new StaleVersion();
}

export function parseNoteInput(input: unknown): { note: NoteDoc; noteText: string } {
  if (input === undefined || input === null) return { note: emptyNote(), noteText: "" };
  // Plain text is a note too (paragraphs at blank lines), as the API's scripts and other tools send it.
  const parsed = parseNote(typeof input === "string" ? plainTextToNote(input) : input);
  if (!parsed.ok) throw new AppError("UNPROCESSABLE", `The note is not allowed: ${parsed.message}`);
  return { note: parsed.doc, noteText: noteToPlainText(parsed.doc) };
}

/**
 * The live annotations placed on the current version, in document order: what the reader page
 * highlights. The orphaned ones (no place in the current text) are left out here; the API lists them
 * (lib/annotations/anchoring.ts listAnnotationsOnVersion).
 */
export async function findAnnotationsForDocument(options: { documentId: string }): Promise<AnnotationDTO[]> {
  if (!(await isDocumentLive(options.documentId))) throw notFound("Document");
  return (await toDTOs(await findDocumentAnnotations(options.documentId))).filter(isPlaced);
}

/**
 * The reader page's compact highlights (see SpanTuple), their ids in document order (the page fetches the
 * first cards' records), the document's newest event id read with them (every later change reaches the
 * page through its live stream), and a tag that changes whenever any of it does (an HTTP validator).
 */
export interface ReaderSpans {
  page: DocumentSpans;
  ids: readonly string[];
  since: number;
  tag: string;
}

// The reader's spans of a document, kept per document and rebuilt when its stamp moves: the newest event
// id (every annotation, reply, verdict and ruling change appends one) with lastActivityAt (an import
// marks it without events), read in the same snapshot as the spans. Every process compares with the
// database, so a change made through another process is seen at the next request. Authors' names are
// looked up per request. At 10,000 annotations the spans' queries hold the database for ~50 ms.
const SPANS_CACHE_MAX = 200_000; // spans kept over all documents (~25 MB)
const spansCache = new WeightedLru<string, { stamp: string; since: number; authorIds: string[]; spans: string; ids: string[] }>(SPANS_CACHE_MAX);

export async function findDocumentSpans(options: { documentId: string }): Promise<ReaderSpans> {
  const { documentId } = options;
  const entry = await read(async (tx) => {
    const activity = await findLiveActivityAt(documentId, tx);
    if (activity === null) throw notFound("Document");
    const since = await latestEventId(documentId, tx);
    const stamp = `${since}\u0000${activity}`;
    const hit = spansCache.get(documentId);
    if (hit?.stamp === stamp) return hit;
    const fresh = { stamp, since, ...toSpanTuples(await findSpanRecords(documentId, tx)) };
    if (fresh.ids.length <= SPANS_CACHE_MAX) spansCache.set(documentId, fresh, fresh.ids.length);
    else spansCache.delete(documentId);
    return fresh;
  });
  const people = await findPeople(new Set(entry.authorIds));
  const authors = entry.authorIds.map((id) => personRef(id, (p) => people.get(p)));
  // The stamp, and the authors' names as they are now (a renamed reviewer changes the answer too).
  const tag = createHash("sha256").update(entry.stamp).update("\u0000").update(JSON.stringify(authors)).digest("base64url").slice(0, 22);
  return { page: { authors, spans: entry.spans }, ids: entry.ids, since: entry.since, tag };
}

/** A live annotation of a live document (NOT_FOUND otherwise); admins may ask for a deleted one. */
export async function findAnnotation(options: { id: string; includeDeleted?: boolean }): Promise<AnyAnnotationDTO> {
  const record = await findAnnotationRecord(options.id, { includeDeleted: options.includeDeleted });
  if (!record) throw notFound("Annotation");
  return toDTO(record);
}

function commit(event: CommittedEvent | null) {
  if (event) publish(event);
}

export async function createAnnotation(options: { user: CurrentUser; documentId: string; input: CreateAnnotationInput }): Promise<AnnotationDTO> {
  const { user, documentId, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot annotate.");
  const { note, noteText } = parseNoteInput(input.note);
  const suggestion = input.fromSuggestion ? await suggestionOrigin(documentId, input) : null;
  // The author is the caller: no people lookup on the hot path.
  const people: PeopleLookup = (id) => (id === user.id ? { name: user.name } : undefined);
  const { dto, event } = await withCurrentText(documentId, async ({ version, textHash, index }) => {
    const span = validateSpan(index, input.start, input.end, input.quote);
    if (!span.ok) throw new AppError("UNPROCESSABLE", span.message, { reason: span.code });
    return write(async (tx) => {
      const at = storedTime();
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
        anchorVersion: version,
        suggestion,
      }, at);
      // The text may be a remembered one, and the document may have been deleted since: both are checked
      // here, after the inserts, so that on PostgreSQL the document's row lock (which orders its events)
      // is held only for the event and the commit, and creates on one document overlap until then.
      await assertVersion(tx, documentId, version, at, textHash);
      const dto = toAnnotationDTO(record, people) as AnnotationDTO; // placed: a person selected it
      return { dto, event: await appendEvent(tx, documentId, "annotation.created", { annotation: dto }, { at, stamped: true }) };
    });
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
      expectedVersion: input.version,
    });
    if (!result) throw notFound("Annotation");
    if (result.conflict) {
      throw new AppError(
        "CONFLICT",
        `This annotation has changed since version ${input.version} was opened for editing (it is now version ${result.record.version}). Nothing was saved.`,
        { reason: "VERSION_CONFLICT", current: toAnnotationDTO(result.record, people) },
      );
    }
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

export async function deleteAnnotation(options: { user: CurrentUser; id: string; ip?: string | null }) {
  const { user, id } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot delete annotations.");
  const current = await findAnnotationRecord(id);
  if (!current) throw notFound("Annotation");
  if (current.authorId !== user.id && !isAdmin(user)) throw forbidden("Only the author or an admin can delete an annotation.");
  const event = await write(async (tx) => {
    const record = await setAnnotationDeleted(tx, id, user.id);
    if (!record) throw notFound("Annotation");
    // An admin removing someone else's annotation is moderation: the audit log keeps it (an author's own is not).
    if (current.authorId !== user.id) {
      await recordAuditIn(tx, {
        type: "annotation_deleted",
        actorId: user.id,
        targetId: current.authorId,
        ip: options.ip ?? null,
        detail: { annotationId: id, documentId: current.documentId },
      });
    }
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

export async function restoreAnnotation(options: { user: CurrentUser; id: string; ip?: string | null }): Promise<AnyAnnotationDTO> {
  if (!isAdmin(options.user)) throw forbidden("Only admins can restore annotations.");
  const existing = await findAnnotationRecord(options.id, { includeDeleted: true });
  if (!existing) throw notFound("Annotation");
  const people = await peopleFor([existing]);
  const { dto, event } = await write(async (tx) => {
    const record = await setAnnotationDeleted(tx, options.id, null);
    if (!record) throw new AppError("CONFLICT", "This annotation is not deleted.");
    const dto = toAnnotationDTO(record, people);
    await recordAuditIn(tx, {
      type: "annotation_restored",
      actorId: options.user.id,
      targetId: existing.authorId,
      ip: options.ip ?? null,
      detail: { annotationId: dto.id, documentId: dto.documentId },
    });
    return { dto, event: await appendEvent(tx, record.documentId, "annotation.restored", { annotation: dto }) };
  });
  commit(event);
  return dto;
}
