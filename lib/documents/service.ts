import "server-only";
// Documents: the texts reviewers annotate, with their metadata. Every function checks the caller's role
// itself (routes and pages are thin). A text never changes; a new version of it is added beside it
// (lib/documents/versions.ts) and becomes the document's current text.
import { documentFigures, type DocumentFigures } from "@/lib/summary/figures";
import { compareByReliability } from "@/lib/summary/ranking";
import { countByDocumentAndAuthor } from "@/lib/annotations/store";
import { AppError, forbidden, isUniqueViolation, notFound } from "@/lib/errors";
import { recordAuditIn } from "@/lib/audit/service";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { countWords, cpLength, sha256Hex, type ExtractInput, type ExtractResult } from "./extract";
import { extractOffThread, type TextFigures } from "./extract-off-thread";
import type { BoilerplateReport } from "./boilerplate";
import { structureProblems, type DocumentStructure, type StructureRangeType } from "./structure";
import { plainTextStructure } from "./plain-structure";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { write } from "@/lib/store/transaction";
import { publish } from "@/lib/events/bus";
import { appendEvent } from "@/lib/events/store";
import { DETAIL_FIELDS, documentDetails, type DetailField } from "./details";
import { wordList } from "@/lib/word-list";
import { changeStamps } from "./stamps";
import { parseSearch, parseSnippet, type SearchPhrase, type SnippetPart } from "./fts-query";
import { snippetOf, type Snippet } from "./snippet";
import { SUMMARY_SORTS, type DocumentListQuery } from "./list-query";
import { compareCodePoints, sortKey } from "@/lib/sort-key";
import {
  findDocumentPage,
  findDocumentRecord,
  findDocumentRecords,
  findDocumentWithText,
  findLiveDuplicate,
  findLiveText,
  findStructure,
  findPublishers,
  findVersion,
  findDocumentText,
  findTextStart,
  insertDocument,
  saveStructure,
  setDocumentDeleted,
  updateDocumentMetadata as updateMetadataRow,
  type DocumentRecord,
  type DocumentWithText,
} from "./store";
import type { DocumentMetadata } from "./schemas";
import { WeightedLru } from "@/lib/cache/weighted-lru";

export const textHash = sha256Hex;

type Actor = Pick<CurrentUser, "id" | "role">;

export const duplicateError = (existing: { id: string; title: string }) =>
  new AppError("CONFLICT", `This text is already in the library as “${existing.title}”.`, { existingId: existing.id });

/**
 * Store a text exactly as given (already extracted and normalised) with its metadata and the structure
 * of its source (version 1). Without a structure, or with one that fails its check, the structure is
 * that of the text read as plain text (paragraphs, safe headings, citation markers).
 * The same text twice is refused with CONFLICT and `details.existingId`.
 */
export async function createDocument(options: {
  text: string;
  metadata: DocumentMetadata;
  structure?: DocumentStructure;
  createdById?: string | null;
  /** What the upload was (kept with version 1). */
  format?: string | null;
  /** Import of a native export: keep the file's id (when free) and creation time. */
  id?: string;
  createdAt?: string;
  /** The text's hash, length and words when already computed (by the upload's conversion worker). */
  figures?: TextFigures;
  /**
   * Import of a native export with its history: the earlier versions of the text, oldest first, and what
   * is known of the current one (its number above theirs). Default: the text is version 1.
   */
  history?: { earlier: EarlierVersion[]; current: VersionInfo };
}): Promise<DocumentRecord> {
  const { text, metadata } = options;
  const figures = options.figures ?? { textHash: sha256Hex(text), length: cpLength(text), words: countWords(text) };
  const hash = figures.textHash;
  const existing = await findLiveDuplicate(hash);
  if (existing) throw duplicateError(existing);
  const length = cpLength(text);
  const structure = checkedStructure(options.structure, text, length, "the upload");
  const row = {
    ...metadata,
    id: options.id,
    createdAt: options.createdAt,
    text,
    textHash: hash,
    length: figures.length,
    words: figures.words,
    createdById: options.createdById ?? null,
    format: options.format ?? null,
  };
  const history = options.history;
  const earlier = (history?.earlier ?? []).map(({ structure, ...v }) => {
    const length = cpLength(v.text);
    return {
      row: { ...v, textHash: sha256Hex(v.text), length, words: countWords(v.text) },
      structure: checkedStructure(structure, v.text, length, `the import (version ${v.number})`),
    };
  });
  const versions = history && [...earlier.map((e) => e.row), { ...history.current, text, textHash: hash, length: figures.length, words: figures.words }];
  const created = await write(async (tx) => {
    const doc = await insertDocument({ ...row, versions }, tx);
    // A duplicate: nothing of this write may stay (on PostgreSQL the failed insert ended the transaction anyway).
    if (!doc) throw new DuplicateInsert();
    for (const e of earlier) await saveStructure(tx, doc.id, e.row.number, e.structure);
    await saveStructure(tx, doc.id, doc.version, structure);
    return doc;
  }).catch((error: unknown) => {
    if (error instanceof DuplicateInsert) return null;
    throw error;
  });
  if (created) return created;
  // Two uploads of the same text at once: the partial unique index lets only one through.
  const winner = await findLiveDuplicate(hash);
  if (winner) throw duplicateError(winner);
  throw new AppError("CONFLICT", "That document id is already taken.");
}

class DuplicateInsert extends Error {}

/** What is recorded of a version of a text beside the text itself (who added it, when, its change note, what the upload was). */
export interface VersionInfo {
  number: number;
  format: string | null;
  note: string | null;
  addedById: string | null;
  createdAt: string;
}

/** An earlier version of a text, for a document created with its history (an import). */
export interface EarlierVersion extends VersionInfo {
  text: string;
  structure?: DocumentStructure;
}

type Extracted = Extract<ExtractResult, { ok: true }>;

/**
 * Turn an upload or pasted text into the text to store (with its structure, metadata and figures), or
 * refuse with the extractor's message. The conversion runs off the main thread with a time limit
 * (lib/documents/extract-off-thread.ts): a 422 TOO_COMPLEX when it takes too long.
 */
export async function extractOrRefuse(input: ExtractInput): Promise<Extracted & { figures: TextFigures }> {
  const { result, figures } = await extractOffThread(input);
  if (!result.ok) {
    const field = "bytes" in input ? "file" : "text";
    throw new AppError(result.code === "TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : "UNPROCESSABLE", result.message, {
      field,
      reason: result.code,
    });
  }
  return { ...result, figures: figures! };
}

/** Who may add documents (the route asks before reading an upload's body; the service again). */
export function assertCanAddDocument(user: Actor) {
  if (!canWrite(user)) throw forbidden("Only reviewers, editors and admins can add documents; your role is viewer.");
}

/** Add a document from an upload or pasted text (admins and reviewers). Metadata must be parsed already. */
export async function addDocument(options: { user: Actor; input: ExtractInput; metadata: DocumentMetadata }) {
  assertCanAddDocument(options.user);
  const { text, format, structure, boilerplate, figures } = await extractOrRefuse(options.input);
  const doc = await createDocument({ text, metadata: options.metadata, structure, createdById: options.user.id, figures, format });
  return { ...doc, format, boilerplate: boilerplateSummary(boilerplate) };
}

/** What the add answer says about dropped boilerplate: null unless the source was HTML. */
function boilerplateSummary(report: BoilerplateReport | undefined) {
  return report ? { applied: report.applied, passageCount: report.passageCount, droppedLength: report.droppedLength } : null;
}

/** How many ranges of each type a structure has (for the preview). */
function structureCounts(structure: DocumentStructure): Partial<Record<StructureRangeType, number>> {
  const counts: Partial<Record<StructureRangeType, number>> = {};
  for (const r of structure.ranges) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

const PREVIEW_CODE_POINTS = 20_000;

/**
 * What adding this upload would store, without storing it: the text (the start of it), counts, a
 * duplicate, the structure found (counts by type), the metadata the file states about itself, and
 * for HTML the passages dropped as boilerplate (or that would be, with keepFullText).
 */
export async function previewDocument(options: { user: Actor; input: ExtractInput }) {
  assertCanAddDocument(options.user);
  const { text, format, title, structure, metadata, boilerplate, figures } = await extractOrRefuse(options.input);
  const hash = figures.textHash;
  const duplicate = await findLiveDuplicate(hash);
  const shown = cpSlice(text, 0, PREVIEW_CODE_POINTS);
  return {
    format,
    title: title ?? null,
    text: shown,
    truncated: shown.length < text.length,
    length: figures.length,
    words: figures.words,
    textHash: hash,
    duplicate,
    metadata,
    structure: { version: structure.version, counts: structureCounts(structure), truncated: structure.truncated },
    boilerplate: boilerplate ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One row of the library: the document (without its text) and what the library shows about it. */
export interface DocumentListItem extends DocumentRecord {
  annotationCount: number;
  reviewerCount: number;
  /** For a search: the best passage of the text, with the matching words marked. */
  snippet: SnippetPart[] | null;
  /** For a search: where the first marked words of the snippet are in the text (code points, end exclusive). */
  match: { start: number; end: number } | null;
  /** Reliability summary figures (claims, annotations per class, reliability and its interval, coverage, shares of annotated text); null for deleted documents. */
  summary: DocumentFigures | null;
}

export interface DocumentListResult {
  documents: DocumentListItem[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/**
 * The library: one page of documents with metadata and counts (never their texts), filtered, sorted
 * and, with `q`, searched (ranked full-text search over titles and texts, with snippets).
 */
export async function listDocuments(options: { user: Actor; query: DocumentListQuery }): Promise<DocumentListResult> {
  const { user, query } = options;
  if (query.deleted && !isAdmin(user)) throw forbidden("Only admins can see deleted documents.");
  const search = query.q ? parseSearch(query.q) : null;
  const empty = { documents: [], total: 0, page: query.page, pageSize: query.pageSize, pageCount: 0 };
  // A search with nothing searchable in it (only punctuation, say) matches nothing rather than everything.
  if (query.q && !search?.length) return empty;

  const filter = {
    search,
    kind: query.kind,
    publisher: query.publisher,
    annotatedBy: query.mine ? user.id : undefined,
    deleted: query.deleted,
  };
  const offset = (query.page - 1) * query.pageSize;
  let ids: string[];
  let total: number;
  if (SUMMARY_SORTS.has(query.sort)) {
    // Reliability and coverage come from the summaries: order every match (by title first, for ties), then page.
    const all = await findDocumentPage({ ...filter, sort: "title", dir: "asc", limit: -1, offset: 0 });
    const figures = await documentFigures(all.ids);
    const sign = query.dir === "asc" ? 1 : -1;
    // Reliability: the conservative order of compareByReliability (by the interval's lower bound when
    // most reliable first), documents without checkable claims last either way. Ties keep title order.
    const ordered = [...all.ids].sort((a, b) => {
      const fa = figures.get(a);
      const fb = figures.get(b);
      if (!fa || !fb) return fa === fb ? 0 : fa ? -1 : 1;
      return query.sort === "coverage" ? (fa.coverage - fb.coverage) * sign : compareByReliability(fa, fb, query.dir);
    });
    ids = ordered.slice(offset, offset + query.pageSize);
    total = all.total;
  } else {
    ({ ids, total } = await findDocumentPage({ ...filter, sort: query.sort, dir: query.dir, limit: query.pageSize, offset }));
  }
  const pageCount = Math.ceil(total / query.pageSize);
  if (ids.length === 0) return { ...empty, total, pageCount };

  const [{ docs, counts }, snippets, figures] = await Promise.all([
    findDocumentRecords(ids).then(async (docs) => ({ docs, counts: await libraryCounts(docs) })),
    search ? findSnippets(search, ids) : Promise.resolve(new Map<string, Snippet>()),
    query.deleted ? Promise.resolve(new Map<string, DocumentFigures>()) : documentFigures(ids),
  ]);

  const byId = new Map(docs.map((d) => [d.id, d]));
  const documents: DocumentListItem[] = [];
  for (const id of ids) {
    const d = byId.get(id);
    if (!d) continue;
    let snippet: SnippetPart[] | null = null;
    let match: DocumentListItem["match"] = null;
    const found = snippets.get(id);
    if (found) {
      const parsed = parseSnippet(found.raw);
      if (parsed.firstMatch) {
        snippet = parsed.parts;
        match = { start: found.start + parsed.firstMatch.start, end: found.start + parsed.firstMatch.end };
      }
    }
    const c = counts.get(id);
    documents.push({
      ...d,
      annotationCount: c?.annotations ?? 0,
      reviewerCount: c?.reviewers ?? 0,
      snippet,
      match,
      summary: figures.get(id) ?? null,
    });
  }
  return { documents, total, page: query.page, pageSize: query.pageSize, pageCount };
}

type LibraryCounts = { annotations: number; reviewers: number };

// The library's counts per document (live annotations and their distinct authors), kept under each
// document's change stamp (lib/documents/stamps.ts) as its summary is: counting them groups every live
// annotation of the page's documents by author (in process, ~200 ms for a page holding 100,000).
const COUNTS_CACHE_MAX = 100_000; // documents
const countsCache = new WeightedLru<string, { stamp: string; counts: LibraryCounts }>(COUNTS_CACHE_MAX);

async function libraryCounts(docs: DocumentRecord[]): Promise<Map<string, LibraryCounts>> {
  const stamps = await changeStamps(docs); // before the rows they stand for
  const out = new Map<string, LibraryCounts>();
  const stale: string[] = [];
  for (const d of docs) {
    const hit = countsCache.get(d.id);
    if (hit && hit.stamp === stamps.get(d.id)) out.set(d.id, hit.counts);
    else stale.push(d.id);
  }
  if (stale.length === 0) return out;
  for (const id of stale) out.set(id, { annotations: 0, reviewers: 0 });
  for (const row of await countByDocumentAndAuthor(stale)) {
    const c = out.get(row.documentId)!;
    c.annotations += row.n;
    c.reviewers += 1;
  }
  for (const id of stale) countsCache.set(id, { stamp: stamps.get(id)!, counts: out.get(id)! }, 1);
  return out;
}

/** How much of a text is read first for its snippet (code points); the rest only when it has no settled snippet. */
const SNIPPET_PIECE = 20_000;

/**
 * The snippets of a result page's documents (lib/documents/snippet.ts); a document found by its title
 * alone has none. From the start of each text when it settles the snippet there (the words of a search
 * usually occur early in a long text that matched it), else from the whole text; one text at a time, so
 * a page of long texts is never all in memory at once.
 */
async function findSnippets(search: SearchPhrase[], ids: string[]): Promise<Map<string, Snippet>> {
  const out = new Map<string, Snippet>();
  for (const id of ids) {
    const piece = await findTextStart(id, SNIPPET_PIECE);
    if (!piece) continue;
    let found: Snippet | null;
    if (piece.length <= SNIPPET_PIECE) found = snippetOf(piece.start, search);
    else {
      found = snippetOf(piece.start, search, { cut: true });
      if (!found) {
        const text = await findDocumentText(id);
        found = text === null ? null : snippetOf(text, search);
      }
    }
    if (found) out.set(id, found);
  }
  return out;
}

const MAX_PUBLISHERS = 500;

/** Publishers of live documents (for the library's filter menu), the first 500 in a reader's order (accents and case ignored). */
export async function listPublishers(): Promise<Array<{ publisher: string; count: number }>> {
  const keyed = (await findPublishers()).map((p) => ({ ...p, key: sortKey(p.publisher) }));
  keyed.sort((a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.publisher, b.publisher));
  return keyed.slice(0, MAX_PUBLISHERS).map(({ publisher, count }) => ({ publisher, count }));
}

/** A live document with its text; admins may also ask for a deleted one. */
export async function findDocument(id: string, options: { includeDeleted?: boolean } = {}): Promise<DocumentWithText> {
  const doc = await findDocumentWithText(id, options);
  if (!doc) throw notFound("Document");
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Structure: the source's headings, paragraphs, lists, links, citation markers… as ranges over the text
//
// Stored per version of the text when a document is added (version 1, the text as added). Documents
// stored before structures were (the seeds of an existing database, say) get theirs on first read:
// the structure of their text read as plain text, computed and saved then (a version's structure
// never changes afterwards). Whatever is read back is checked with structureProblems(); a structure
// that fails it is not served, the plain-text one is (and the problem is logged).

/** Structures read, by "documentId:version"; bounded by their ranges in all. */
const structureCache = new WeightedLru<string, DocumentStructure>(400_000);

function rememberStructure(documentId: string, version: number, structure: DocumentStructure) {
  structureCache.set(`${documentId}:${version}`, structure, structure.ranges.length);
}

function cachedStructure(documentId: string, version: number): DocumentStructure | undefined {
  return structureCache.get(`${documentId}:${version}`);
}

/**
 * `structure` when it is a valid structure of this text, else the text's plain-text structure. The
 * problems of a structure that is not (from `source`: an upload, the database) are logged.
 */
export function checkedStructure(structure: unknown, text: string, length: number, source: string): DocumentStructure {
  if (structure === undefined) return plainTextStructure(text);
  const problems = structureProblems(structure, length);
  if (problems.length === 0) return structure as DocumentStructure;
  console.warn(`A document structure from ${source} failed its check and was replaced by the plain-text structure: ${problems.slice(0, 3).join("; ")}`);
  return plainTextStructure(text);
}

type LiveText = { text: string; version: number };

/**
 * The structure of a live document's current text (its version's row, or computed from the text and
 * saved for texts stored before structures were); null when the document is not live.
 */
async function structureOf(documentId: string, known?: LiveText): Promise<{ version: number; structure: DocumentStructure } | null> {
  const current = known ?? (await findLiveText(documentId));
  if (current === null) return null;
  const { text, version } = current;
  const cached = cachedStructure(documentId, version);
  if (cached) return { version, structure: cached };
  const stored = await findStructure(documentId, version);
  let structure: DocumentStructure;
  if (stored === null) {
    structure = plainTextStructure(text);
    await write((tx) => saveStructure(tx, documentId, version, structure));
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stored);
    } catch {
      parsed = null;
    }
    structure = checkedStructure(parsed, text, cpLength(text), `the database (document ${documentId}, version ${version})`);
  }
  rememberStructure(documentId, version, structure);
  return { version, structure };
}

/** The current text and its structure of a live document (for the suggestions); NOT_FOUND otherwise. */
export async function findTextAndStructure(documentId: string): Promise<{ text: string; version: number; structure: DocumentStructure }> {
  const current = await findLiveText(documentId);
  const found = current === null ? null : await structureOf(documentId, current);
  if (current === null || !found) throw notFound("Document");
  return { text: current.text, version: found.version, structure: found.structure };
}

/**
 * GET /api/documents/[id]/structure[?version=N]: the structure of a live document's current text, or of
 * version N's (any signed-in role); NOT_FOUND for a version it does not have.
 */
export async function findDocumentStructure(options: {
  documentId: string;
  version?: number;
}): Promise<{ documentId: string; version: number; structure: DocumentStructure }> {
  let known: LiveText | undefined;
  if (options.version !== undefined) {
    const document = await findDocumentRecord(options.documentId);
    if (!document) throw notFound("Document");
    const v = await findVersion(document.id, options.version);
    if (!v) throw new AppError("NOT_FOUND", `Version ${options.version} not found; “${document.title}” has versions 1 to ${document.version}.`);
    known = { text: v.text, version: v.number };
  }
  const found = await structureOf(options.documentId, known);
  if (!found) throw notFound("Document");
  return { documentId: options.documentId, ...found };
}

// ---------------------------------------------------------------------------------------------
// Managing (admins)

function assertAdmin(user: Actor, action: string) {
  if (!isAdmin(user)) throw forbidden(`Only admins can ${action} documents.`);
}


/** How the conflict of a details edit names a field ("the title"). */
const FIELD_NAMES: Record<DetailField, string> = {
  title: "the title",
  kind: "the kind",
  publisher: "the publisher",
  author: "the author",
  publishedAt: "the publication date",
  sourceUrl: "the source URL",
};

/**
 * Change metadata (never the text) of a live document. The audit log records each field changed, from
 * what to what (`document_details_changed`): a title or a publisher moves the document in the library and
 * in the corpus's pools, and a desk needs to know who did it. `previous`: the values the editor saw (of
 * the fields it changes, or any): when one of them was changed meanwhile by someone else, nothing is saved
 * and the request is a 409 naming those fields, with the details as they are now.
 */
export async function updateDocumentMetadata(options: {
  user: Actor;
  id: string;
  changes: Partial<DocumentMetadata>;
  previous?: Partial<Record<DetailField, string | null>>;
  ip?: string | null;
}) {
  assertAdmin(options.user, "edit");
  const before = await findDocumentRecord(options.id);
  if (!before) throw notFound("Document");
  const previous = options.previous ?? {};
  // With a live event in the same write when something changed: pages open on it show the new details.
  const result = await write(async (tx) => {
    const updated = await updateMetadataRow(options.id, options.changes, tx, previous);
    if (!updated) {
      const current = await findDocumentRecord(options.id, {}, tx);
      if (!current) return null;
      const fields = DETAIL_FIELDS.filter((f) => previous[f] !== undefined && previous[f] !== (current[f] ?? null));
      const names = fields.map((f) => FIELD_NAMES[f]);
      throw new AppError("CONFLICT", `Someone else changed ${wordList(names) || "the details"} of this document since you opened it. Nothing was saved.`, {
        reason: "DETAILS_CHANGED",
        fields,
        current: documentDetails(current),
      });
    }
    const changed = DETAIL_FIELDS.filter((field) => field in options.changes && (before[field] ?? null) !== (updated[field] ?? null));
    if (changed.length === 0) return { updated, event: null };
    await recordAuditIn(tx, {
      type: "document_details_changed",
      actorId: options.user.id,
      targetId: updated.id,
      ip: options.ip ?? null,
      detail: { title: updated.title, changes: Object.fromEntries(changed.map((f) => [f, { from: before[f] ?? null, to: updated[f] ?? null }])) },
    });
    // The UPDATE above holds the document's row: the event needs no other mark of it.
    return { updated, event: await appendEvent(tx, updated.id, "document.details", { document: documentDetails(updated) }, { stamped: true }) };
  });
  if (!result) throw notFound("Document");
  if (result.event) publish(result.event);
  return result.updated;
}

/** Soft-delete: the document leaves the library (and search) but keeps its annotations; restorable. */
export async function deleteDocument(options: { user: Actor; id: string; ip?: string | null }) {
  assertAdmin(options.user, "delete");
  const doc = await findDocumentRecord(options.id);
  if (!doc) throw notFound("Document");
  // With a live event in the same write: pages open on it say so at once (a draft there cannot be saved any more).
  const event = await write(async (tx) => {
    if (!(await setDocumentDeleted(doc.id, new Date(), tx))) return null;
    await recordAuditIn(tx, { type: "document_deleted", actorId: options.user.id, targetId: doc.id, ip: options.ip ?? null, detail: { title: doc.title } });
    return appendEvent(tx, doc.id, "document.deleted", { id: doc.id });
  });
  if (!event) throw notFound("Document");
  publish(event);
}

/** Undo a soft delete, unless the same text has been added again in the meantime (CONFLICT). */
export async function restoreDocument(options: { user: Actor; id: string; ip?: string | null }) {
  assertAdmin(options.user, "restore");
  const doc = await findDocumentRecord(options.id, { includeDeleted: true });
  if (!doc) throw notFound("Document");
  if (!doc.deletedAt) return doc;
  const refuse = (duplicate: { id: string; title: string }) =>
    new AppError("CONFLICT", `The same text is in the library again as “${duplicate.title}”; delete that one first to restore this one.`, {
      existingId: duplicate.id,
    });
  const duplicate = await findLiveDuplicate(doc.textHash, doc.id);
  if (duplicate) throw refuse(duplicate);
  try {
    await write(async (tx) => {
      // restored by another admin meanwhile: nothing to record
      if (!(await setDocumentDeleted(doc.id, null, tx))) return;
      await recordAuditIn(tx, { type: "document_restored", actorId: options.user.id, targetId: doc.id, ip: options.ip ?? null, detail: { title: doc.title } });
    });
  } catch (error) {
    // Added again after the check (by another process): the one-live-copy index refused the restore.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findLiveDuplicate(doc.textHash, doc.id);
    if (winner) throw refuse(winner);
    throw new AppError("CONFLICT", "The same text was being added to the library at the same time; nothing was restored. Try again.");
  }
  return (await findDocumentRecord(doc.id))!;
}
