import "server-only";
import { documentFigures, type DocumentFigures } from "@/lib/summary/figures";
// Documents: the immutable texts reviewers annotate, with their metadata. Every function checks the
// caller's role itself (routes and pages are thin), and the text of a stored document never changes.
import { db } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/service";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { countWords, cpLength, sha256Hex, type ExtractInput, type SourceFormat } from "./extract";
import { extractOffThread, type TextFigures } from "./extract-off-thread";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { toFtsQuery, parseSnippet, type SnippetPart } from "./fts-query";
import { SUMMARY_SORTS, type DocumentListQuery } from "./list-query";
import { findDocumentPage, findSnippets, locateInText } from "./search";
import type { DocumentMetadata } from "./schemas";

export const textHash = sha256Hex;

type Actor = Pick<CurrentUser, "id" | "role">;

const duplicateError = (existing: { id: string; title: string }) =>
  new AppError("CONFLICT", `This text is already in the library as “${existing.title}”.`, { existingId: existing.id });

async function findLiveDuplicate(hash: string, exceptId?: string) {
  return db.document.findFirst({
    where: { textHash: hash, deletedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, title: true },
  });
}

/**
 * Store a text exactly as given (already extracted and normalised) with its metadata.
 * The same text twice is refused with CONFLICT and `details.existingId`.
 */
export async function createDocument(options: { text: string; metadata: DocumentMetadata; createdById?: string | null; figures?: TextFigures }) {
  const { text, metadata } = options;
  const figures = options.figures ?? { textHash: sha256Hex(text), length: cpLength(text), words: countWords(text) };
  const hash = figures.textHash;
  const existing = await findLiveDuplicate(hash);
  if (existing) throw duplicateError(existing);
  try {
    return await db.document.create({
      data: {
        ...metadata,
        text,
        textHash: hash,
        length: figures.length,
        words: figures.words,
        createdById: options.createdById ?? null,
      },
      omit: { text: true },
    });
  } catch (error) {
    // Two uploads of the same text at once: the partial unique index lets only one through.
    if ((error as { code?: unknown })?.code === "P2002") {
      const winner = await findLiveDuplicate(hash);
      if (winner) throw duplicateError(winner);
    }
    throw error;
  }
}

/**
 * Turn an upload or pasted text into the text to store (converted off the main thread, with a time
 * limit: lib/documents/extract-off-thread.ts), or refuse with the extractor's message.
 */
export async function extractOrRefuse(input: ExtractInput): Promise<{ text: string; format: SourceFormat; title?: string; figures: TextFigures }> {
  const { result, figures } = await extractOffThread(input);
  if (!result.ok) {
    const field = "bytes" in input ? "file" : "text";
    throw new AppError(result.code === "TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : "UNPROCESSABLE", result.message, {
      field,
      reason: result.code,
    });
  }
  return { text: result.text, format: result.format, title: result.title, figures: figures! };
}

function assertCanAdd(user: Actor) {
  if (!canWrite(user)) throw forbidden("Only admins and reviewers can add documents; your role is viewer.");
}

/** Add a document from an upload or pasted text (admins and reviewers). Metadata must be parsed already. */
export async function addDocument(options: { user: Actor; input: ExtractInput; metadata: DocumentMetadata }) {
  assertCanAdd(options.user);
  const { text, format, figures } = await extractOrRefuse(options.input);
  const doc = await createDocument({ text, metadata: options.metadata, createdById: options.user.id, figures });
  return { ...doc, format };
}

const PREVIEW_CODE_POINTS = 20_000;

/** What adding this upload would store, without storing it: the text (the start of it), counts, a duplicate. */
export async function previewDocument(options: { user: Actor; input: ExtractInput }) {
  assertCanAdd(options.user);
  const { text, format, title, figures } = await extractOrRefuse(options.input);
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
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface DocumentListItem {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  sourceUrl: string | null;
  length: number;
  words: number;
  textHash: string;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  deletedAt: Date | null;
  annotationCount: number;
  reviewerCount: number;
  /** For a search: the best passage of the text, with the matching words marked. */
  snippet: SnippetPart[] | null;
  /** For a search: where the first marked words of the snippet are in the text (code points, end exclusive). */
  match: { start: number; end: number } | null;
  /** Reliability summary figures (shares, reliability, coverage); null for deleted documents. */
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
  const fts = query.q ? toFtsQuery(query.q) : null;
  const empty = { documents: [], total: 0, page: query.page, pageSize: query.pageSize, pageCount: 0 };
  // A search with nothing searchable in it (only punctuation, say) matches nothing rather than everything.
  if (query.q && !fts) return empty;

  const filter = {
    fts,
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
    const key = (id: string) => (query.sort === "coverage" ? figures.get(id)?.coverage : figures.get(id)?.reliability) ?? null;
    const sign = query.dir === "asc" ? 1 : -1;
    // Documents without a value (no checkable claims yet) go last either way.
    const ordered = [...all.ids].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
      return (ka - kb) * sign;
    });
    ids = ordered.slice(offset, offset + query.pageSize);
    total = all.total;
  } else {
    ({ ids, total } = await findDocumentPage({ ...filter, sort: query.sort, dir: query.dir, limit: query.pageSize, offset }));
  }
  const pageCount = Math.ceil(total / query.pageSize);
  if (ids.length === 0) return { ...empty, total, pageCount };

  const [docs, authors, snippets, figures] = await Promise.all([
    db.document.findMany({ where: { id: { in: ids } }, omit: { text: true } }),
    db.annotation.groupBy({
      by: ["documentId", "authorId"],
      where: { documentId: { in: ids }, deletedAt: null },
      _count: { _all: true },
    }),
    fts ? findSnippets(fts, ids) : Promise.resolve(new Map<string, { snippet: string }>()),
    query.deleted ? Promise.resolve(new Map<string, DocumentFigures>()) : documentFigures(ids),
  ]);

  const counts = new Map<string, { annotations: number; reviewers: number }>();
  for (const row of authors) {
    const c = counts.get(row.documentId) ?? { annotations: 0, reviewers: 0 };
    c.annotations += row._count._all;
    c.reviewers += 1;
    counts.set(row.documentId, c);
  }

  const byId = new Map(docs.map((d) => [d.id, d]));
  const documents: DocumentListItem[] = [];
  for (const id of ids) {
    const d = byId.get(id);
    if (!d) continue;
    let snippet: SnippetPart[] | null = null;
    let match: DocumentListItem["match"] = null;
    const raw = snippets.get(id);
    if (raw) {
      const parsed = parseSnippet(raw.snippet);
      // A document found by its title alone has no marked passage in its text: no snippet then.
      if (parsed.firstMatch) {
        snippet = parsed.parts;
        const at = await locateInText(id, parsed.fragment);
        if (at !== null) match = { start: at + parsed.firstMatch.start, end: at + parsed.firstMatch.end };
      }
    }
    const c = counts.get(id);
    documents.push({
      id: d.id,
      title: d.title,
      kind: d.kind,
      publisher: d.publisher,
      author: d.author,
      publishedAt: d.publishedAt,
      sourceUrl: d.sourceUrl,
      length: d.length,
      words: d.words,
      textHash: d.textHash,
      createdById: d.createdById,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      lastActivityAt: d.lastActivityAt,
      deletedAt: d.deletedAt,
      annotationCount: c?.annotations ?? 0,
      reviewerCount: c?.reviewers ?? 0,
      snippet,
      match,
      summary: figures.get(id) ?? null,
    });
  }
  return { documents, total, page: query.page, pageSize: query.pageSize, pageCount };
}

/** Publishers of live documents (for the library's filter), most common first within the first 500 by name. */
export async function listPublishers(): Promise<Array<{ publisher: string; count: number }>> {
  const rows = await db.document.groupBy({
    by: ["publisher"],
    where: { deletedAt: null, publisher: { not: null } },
    _count: { _all: true },
    orderBy: { publisher: "asc" },
    take: 500,
  });
  return rows.map((r) => ({ publisher: r.publisher!, count: r._count._all }));
}

/** A live document with its text; admins may also ask for a deleted one. */
export async function findDocument(id: string, options: { includeDeleted?: boolean } = {}) {
  const doc = await db.document.findFirst({ where: { id, ...(options.includeDeleted ? {} : { deletedAt: null }) } });
  if (!doc) throw notFound("Document");
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Managing (admins)

function assertAdmin(user: Actor, action: string) {
  if (!isAdmin(user)) throw forbidden(`Only admins can ${action} documents.`);
}

/** Change metadata (never the text) of a live document. */
export async function updateDocumentMetadata(options: { user: Actor; id: string; changes: Partial<DocumentMetadata> }) {
  assertAdmin(options.user, "edit");
  const existing = await db.document.findFirst({ where: { id: options.id, deletedAt: null }, select: { id: true } });
  if (!existing) throw notFound("Document");
  return db.document.update({ where: { id: options.id }, data: options.changes, omit: { text: true } });
}

/** Soft-delete: the document leaves the library (and search) but keeps its annotations; restorable. */
export async function deleteDocument(options: { user: Actor; id: string; ip?: string | null }) {
  assertAdmin(options.user, "delete");
  const doc = await db.document.findFirst({ where: { id: options.id, deletedAt: null }, select: { id: true, title: true } });
  if (!doc) throw notFound("Document");
  await db.document.update({ where: { id: doc.id }, data: { deletedAt: new Date() } });
  await recordAudit({
    type: "document_deleted",
    actorId: options.user.id,
    targetId: doc.id,
    ip: options.ip ?? null,
    detail: { title: doc.title },
  });
}

/** Undo a soft delete, unless the same text has been added again in the meantime (CONFLICT). */
export async function restoreDocument(options: { user: Actor; id: string; ip?: string | null }) {
  assertAdmin(options.user, "restore");
  const doc = await db.document.findUnique({ where: { id: options.id }, omit: { text: true } });
  if (!doc) throw notFound("Document");
  if (!doc.deletedAt) return doc;
  const duplicate = await findLiveDuplicate(doc.textHash, doc.id);
  if (duplicate) {
    throw new AppError(
      "CONFLICT",
      `The same text is in the library again as “${duplicate.title}”; delete that one first to restore this one.`,
      { existingId: duplicate.id },
    );
  }
  const restored = await db.document.update({ where: { id: doc.id }, data: { deletedAt: null }, omit: { text: true } });
  await recordAudit({
    type: "document_restored",
    actorId: options.user.id,
    targetId: doc.id,
    ip: options.ip ?? null,
    detail: { title: doc.title },
  });
  return restored;
}
