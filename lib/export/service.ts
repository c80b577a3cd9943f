import "server-only";
// Exports from the database: one document or the corpus, native, W3C or ClaimReview, read from one
// snapshot in batches (a few queries per 1,000 annotations, never one per annotation and never the whole
// corpus at once) and serialised by the streaming writers in native.ts / w3c.ts / claimreview.ts. Every
// signed-in role may export.
import { z } from "zod";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { openSnapshot, type Snapshot } from "@/lib/store/transaction";
import { findDocumentRecord, findEarlierTexts, findExportDocuments, findExportText, findStructure, findVersions } from "@/lib/documents/store";
import { checkedStructure } from "@/lib/documents/service";
import { countExportItems, findExportHistory, findExportPage, findRuledAnnotations, type AnnotationKey } from "@/lib/annotations/store";
import type { AnnotationHistory, AnnotationRecord, ReplyRecord } from "@/lib/annotations/record";
import { findPeople } from "@/lib/users/store";
import { isPlaceholderEmail } from "@/lib/import/placeholder";
import {
  nativeAnnotationJson,
  nativePersonJson,
  streamNativeExport,
  type NativeDocumentMeta,
  type NativeDocumentSource,
  type NativePerson,
  type NativeTextVersion,
  type SerializedNativeAnnotation,
} from "./native";
import { streamW3cCollection, w3cAgentJson, w3cItemsJson } from "./w3c";
import { streamClaimReviews, toClaimReview } from "./claimreview";
import { CHUNK_SIZE } from "./chunks";

export const EXPORT_FORMATS = ["native", "w3c", "claimreview"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?format=native|w3c|claimreview` of the export routes. */
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: 'format must be "native", "w3c" or "claimreview".' }),
});

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  native: "application/json",
  w3c: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  claimreview: "application/ld+json",
};

/** Annotations read per query; their evidence, verdicts, replies and rulings come in one query each per batch. */
export const EXPORT_BATCH = 1000;

export interface ExportStats {
  documents: number;
  annotations: number;
  replies: number;
  verdicts: number;
}

export interface PreparedExport {
  format: ExportFormat;
  contentType: string;
  /** `apparatus-<slug or corpus>-<format>-<yyyy-mm-dd>.json` */
  filename: string;
  /** The JSON in ~64 KB string chunks; pull them one at a time. */
  chunks: AsyncGenerator<string>;
  /** Filled in while `chunks` is consumed. */
  stats: ExportStats;
}

export interface ExportOptions {
  /** Who asks (any role); null for the command line. Admins (and the command line) get reviewers' email addresses. */
  user: CurrentUser | null;
  format: ExportFormat;
  /** One document; omitted: the whole corpus. */
  documentId?: string;
  /** Several chosen documents (tests, scripts); ignored when documentId is given. */
  documentIds?: string[];
  /** Public origin for the IRIs, e.g. "https://apparatus.example.org". */
  baseUrl: string;
  /** Default: true for admins and the command line. */
  includeEmails?: boolean;
  /** ClaimReview's author; default: the ORGANIZATION_NAME / ORGANIZATION_URL settings. */
  organization?: { name: string; url: string | null };
  /** The export time (exportedAt, and the date in the file name); default now. The snapshot is taken at the first pull. */
  now?: Date;
}

/** Lower-case ASCII words joined by hyphens, for file names. */
export function slugify(title: string, max = 60): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, max).replace(/-+$/, "");
}

export function exportFilename(options: { format: ExportFormat; title?: string; documentId?: string; now: Date }): string {
  const name = options.documentId === undefined ? "corpus" : slugify(options.title ?? "") || slugify(options.documentId) || "document";
  return `apparatus-${name}-${options.format}-${options.now.toISOString().slice(0, 10)}.json`;
}

export const documentIri = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, "")}/documents/${encodeURIComponent(id)}`;

// ---------------------------------------------------------------------------------------------
// Reading one snapshot (lib/store/engine.ts openSnapshot) in batches, and serialising

/** Which documents: all live ones, or the live ones among `ids`. */
interface ExportSelection {
  ids?: string[];
}

interface Batch {
  records: AnnotationRecord[];
  replies: Map<string, ReplyRecord[]>;
  /** Revisions and earlier placements (the native export only; most annotations have none). */
  history?: Map<string, AnnotationHistory>;
}

const NO_REPLIES: ReplyRecord[] = [];

/**
 * Empties a batch once it is serialised. The generators that read it hold it, suspended at their yield,
 * until the stream asks for the next batch, after this one's chunks went out: long enough for the batch
 * to reach V8's old generation, where once dead it would keep its records alive through every
 * young-generation collection until a full one (as pg's row arrays did: freshRows in
 * lib/store/postgres.ts). Emptied, the records die young.
 */
function release(batch: Batch) {
  batch.records.length = 0;
  batch.replies.clear();
  batch.history?.clear();
}

/**
 * A document's annotations in document order, EXPORT_BATCH at a time, with their replies, everyone they
 * name added to `people`: the placed ones, then the orphaned ones (in the order of their last placement).
 */
async function* batchesOf(q: Snapshot, document: { id: string; version: number }, people: People, withHistory = false): AsyncGenerator<Batch> {
  yield* pagesOf(q, document, people, false, withHistory);
  yield* pagesOf(q, document, people, true, withHistory);
}

type People = Map<string, { name: string; email: string }>;

async function* pagesOf(q: Snapshot, document: { id: string; version: number }, people: People, orphaned: boolean, withHistory: boolean): AsyncGenerator<Batch> {
  for (let after: AnnotationKey | null = null; ; ) {
    const page = await findExportPage(q, document.id, after, EXPORT_BATCH, { documentVersion: document.version, orphaned });
    if (page.records.length === 0) return;
    const missing = new Set<string>();
    let history: Map<string, AnnotationHistory> | undefined;
    if (withHistory) {
      // Revisions exist only for an edited annotation, earlier placements only after a new version of the
      // text or a person's decision about a placement (which leaves a detail): the rest need no query.
      const revised = page.records.filter((r) => r.version > 1).map((r) => r.id);
      const placed = page.records.filter((r) => document.version > 1 || r.anchorDetail !== null || r.anchorState !== "exact").map((r) => r.id);
      history = await findExportHistory(q, revised, placed);
      for (const h of history.values()) {
        for (const v of h.revisions) if (!people.has(v.editorId)) missing.add(v.editorId);
        for (const p of h.placements) {
          const by = p.detail?.resolution?.byId;
          if (by && !people.has(by)) missing.add(by);
        }
      }
    }
    for (const r of page.records) {
      if (!people.has(r.authorId)) missing.add(r.authorId);
      for (const v of r.verdicts) if (!people.has(v.reviewerId)) missing.add(v.reviewerId);
      if (r.ruling && !people.has(r.ruling.editorId)) missing.add(r.ruling.editorId);
      const by = r.anchorDetail?.resolution?.byId;
      if (by && !people.has(by)) missing.add(by);
    }
    for (const list of page.replies.values()) for (const r of list) if (!people.has(r.authorId)) missing.add(r.authorId);
    if (missing.size) for (const [id, p] of await findPeople(missing)) people.set(id, p);
    // Read before the yield: the consumer empties the batch once it has serialised it.
    const more = page.records.length === EXPORT_BATCH;
    after = page.last;
    yield { records: page.records, replies: page.replies, history };
    if (!more) return;
  }
}

/**
 * The structure of the text an export holds (the document's current version): the stored one when it
 * passes its check, else (none stored yet, or a bad one) the structure of the text read as plain text,
 * which is what the reader would be served.
 */
async function exportStructure(q: Snapshot, documentId: string, version: number, text: string, length: number) {
  const stored = await findStructure(documentId, version, q);
  let parsed: unknown;
  try {
    parsed = stored === null ? undefined : JSON.parse(stored);
  } catch {
    parsed = null;
  }
  return checkedStructure(parsed, text, length, `the database (document ${documentId}, version ${version})`);
}

const NO_HISTORY: AnnotationHistory = { revisions: [], placements: [] };

/**
 * Every version of a document's text, oldest first: the earlier ones with their text and stored
 * structure (the current one's are the document's own). Documents stored before versions have none
 * recorded: their one version is described from the document.
 */
async function exportVersions(
  q: Snapshot,
  d: { id: string; version: number; textHash: string; length: number; createdAt: string },
  people: People,
  personOf: (id: string) => NativePerson,
): Promise<NativeTextVersion[]> {
  const records = (await findVersions(d.id, q)).reverse();
  if (records.length === 0) return [{ version: d.version, createdAt: d.createdAt, addedBy: null, note: null, format: null, textSha256: d.textHash, length: d.length }];
  const texts = d.version > 1 ? await findEarlierTexts(q, d.id, d.version) : new Map<number, string>();
  const missing = records.flatMap((v) => (v.addedById && !people.has(v.addedById) ? [v.addedById] : []));
  if (missing.length) for (const [id, p] of await findPeople(missing)) people.set(id, p);
  const out: NativeTextVersion[] = [];
  for (const v of records) {
    const text = texts.get(v.number);
    out.push({
      version: v.number,
      createdAt: v.createdAt,
      addedBy: v.addedById ? personOf(v.addedById) : null,
      note: v.note,
      format: v.format,
      textSha256: v.textHash,
      length: v.length,
      ...(text !== undefined ? { text, structure: await exportStructure(q, d.id, v.number, text, v.length) } : {}),
    });
  }
  return out;
}

interface StreamContext {
  selection: ExportSelection;
  stats: ExportStats;
  includeEmails: boolean;
  baseUrl: string;
  exportedAt: string;
}

function count(stats: ExportStats, a: AnnotationRecord, replies: number) {
  stats.annotations++;
  stats.replies += replies;
  stats.verdicts += a.verdicts.length;
}

// Both streams open their snapshot on the first pull (so a response that is never read holds no
// connection) and close it when done, failed or cancelled.
async function* nativeChunks(ctx: StreamContext): AsyncGenerator<string> {
  const snapshot = await openSnapshot();
  const people = new Map<string, { name: string; email: string }>();
  // A person as the export names them (with the email where the caller may see it); its JSON once per export.
  const personOf = (id: string): NativePerson => {
    const p = people.get(id);
    const email = ctx.includeEmails && p?.email && !isPlaceholderEmail(p.email) ? p.email : undefined;
    return { id, name: p?.name ?? "Unknown reviewer", ...(email ? { email } : {}) };
  };
  const personJsons = new Map<string, string>();
  const personJson = (id: string) => {
    let json = personJsons.get(id);
    if (json === undefined) {
      const p = personOf(id);
      json = nativePersonJson(p.id, p.name, p.email);
      personJsons.set(id, json);
    }
    return json;
  };
  try {
    const q = snapshot.db;
    const documents = await findExportDocuments(q, ctx.selection.ids);
    async function* sources(): AsyncGenerator<NativeDocumentSource> {
      for (const d of documents) {
        ctx.stats.documents++;
        const text = await findExportText(q, d.id);
        const meta: NativeDocumentMeta = {
          id: d.id,
          title: d.title,
          kind: d.kind,
          publisher: d.publisher,
          author: d.author,
          publishedAt: d.publishedAt,
          sourceUrl: d.sourceUrl,
          createdAt: d.createdAt,
          version: d.version,
          textSha256: d.textHash,
          length: d.length,
          text,
          structure: await exportStructure(q, d.id, d.version, text, d.length),
          versions: await exportVersions(q, d, people, personOf),
        };
        // A page at a time, each annotation serialised only when the writer takes it (so the page's JSON is never held whole)
        function* serialized(batch: Batch): Generator<SerializedNativeAnnotation> {
          for (const r of batch.records) {
            const replies = batch.replies.get(r.id) ?? NO_REPLIES;
            count(ctx.stats, r, replies.length);
            yield nativeAnnotationJson(r, replies, personJson, batch.history?.get(r.id) ?? NO_HISTORY);
          }
          release(batch);
        }
        async function* annotations(): AsyncGenerator<Iterable<SerializedNativeAnnotation>> {
          for await (const batch of batchesOf(q, d, people, true)) yield serialized(batch);
        }
        // summary left out: streamNativeExport computes it from the annotations as they pass
        yield { meta, annotations: annotations() };
      }
    }
    yield* streamNativeExport({ exportedAt: ctx.exportedAt, documents: sources() });
  } finally {
    await snapshot.close();
  }
}

async function* w3cChunks(ctx: StreamContext & { collectionId: string; label: string }): AsyncGenerator<string> {
  const snapshot = await openSnapshot();
  const people = new Map<string, { name: string; email: string }>();
  try {
    const q = snapshot.db;
    // the collection announces its total first; the snapshot makes the items match it
    const { annotations, replies, verdicts, rulings } = await countExportItems(q, ctx.selection.ids);
    const documents = await findExportDocuments(q, ctx.selection.ids);
    // When each version was added: the targets' TimeState names the version an annotation is anchored to.
    let dates = new Map<number, string>();
    const w3c = {
      baseUrl: ctx.baseUrl,
      documentIri: (id: string) => documentIri(ctx.baseUrl, id),
      versionDate: (_id: string, version: number) => dates.get(version),
    };
    // Each creator's JSON once per export.
    const agents = new Map<string, string>();
    const agent = (id: string) => {
      let json = agents.get(id);
      if (json === undefined) agents.set(id, (json = w3cAgentJson(w3c, id, people.get(id)?.name ?? "Unknown reviewer")));
      return json;
    };
    // A page at a time, each annotation serialised only when the writer takes it
    function* serialized(batch: Batch): Generator<string> {
      for (const r of batch.records) {
        const replies = batch.replies.get(r.id) ?? NO_REPLIES;
        count(ctx.stats, r, replies.length);
        yield* w3cItemsJson(r, replies, w3c, agent);
      }
      release(batch);
    }
    async function* items(): AsyncGenerator<Iterable<string>> {
      for (const d of documents) {
        ctx.stats.documents++;
        dates = new Map((await findVersions(d.id, q)).map((v) => [v.number, v.createdAt]));
        for await (const batch of batchesOf(q, d, people)) yield serialized(batch);
      }
    }
    yield* streamW3cCollection({ collectionId: ctx.collectionId, label: ctx.label, total: annotations + replies + verdicts + rulings, items: items() });
  } finally {
    await snapshot.close();
  }
}

/** Every ruled annotation as a ClaimReview, document by document (one query each), from one snapshot. */
async function* claimReviewChunks(ctx: StreamContext & { organization: { name: string; url: string | null } }): AsyncGenerator<string> {
  const snapshot = await openSnapshot();
  try {
    const q = snapshot.db;
    const documents = await findExportDocuments(q, ctx.selection.ids);
    const review = { baseUrl: ctx.baseUrl, organization: ctx.organization };
    async function* items() {
      for (const d of documents) {
        ctx.stats.documents++;
        for (const a of await findRuledAnnotations(q, d.id)) {
          ctx.stats.annotations++;
          yield toClaimReview(
            {
              annotation: { id: a.id, quote: a.quote },
              ruling: { classification: a.ruling.classification, rationaleText: a.ruling.rationaleText, createdAt: a.ruling.createdAt, at: a.ruling.updatedAt },
              document: d,
            },
            review,
          );
        }
      }
    }
    yield* streamClaimReviews(items());
  } finally {
    await snapshot.close();
  }
}

/**
 * Checks what is asked (the document exists and is live) and returns the export as a stream of
 * string chunks plus its content type and file name. Nothing is read until the chunks are pulled,
 * and then one batch at a time, all from one snapshot of the database.
 */
export async function prepareExport(options: ExportOptions): Promise<PreparedExport> {
  const now = options.now ?? new Date();
  const includeEmails = options.includeEmails ?? (options.user === null || isAdmin(options.user));
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  let title: string | undefined;
  let selection: ExportSelection = {};
  if (options.documentId !== undefined) {
    const doc = await findDocumentRecord(options.documentId);
    if (!doc) throw notFound("Document");
    title = doc.title;
    selection = { ids: [doc.id] };
  } else if (options.documentIds) {
    selection = { ids: options.documentIds };
  }
  const stats: ExportStats = { documents: 0, annotations: 0, replies: 0, verdicts: 0 };
  const ctx: StreamContext = { selection, stats, includeEmails, baseUrl, exportedAt: now.toISOString() };
  const filename = exportFilename({ format: options.format, title, documentId: options.documentId, now });
  const base = { format: options.format, contentType: EXPORT_CONTENT_TYPES[options.format], filename, stats };
  if (options.format === "native") return { ...base, chunks: nativeChunks(ctx) };
  if (options.format === "claimreview") return { ...base, chunks: claimReviewChunks({ ...ctx, organization: options.organization ?? env.organization }) };
  const collectionId =
    options.documentId !== undefined
      ? `${baseUrl}/api/documents/${encodeURIComponent(options.documentId)}/export?format=w3c`
      : `${baseUrl}/api/export?format=w3c`;
  const label = title !== undefined ? `Apparatus: ${title}` : "Apparatus corpus";
  return { ...base, chunks: w3cChunks({ ...ctx, collectionId, label }) };
}

/**
 * How many bytes each piece of an export's response body holds (a little more when a chunk will not fit
 * otherwise). Each piece is one job for the compressor on libuv's pool and one compressed write to the
 * socket. At 64 KB (one chunk each) a corpus made ~1,900 of them, and the compressor's buffer filled after
 * every few: the main thread then sat idle while the pool compressed the queued pieces one round trip at a
 * time (2–10 ms each, 0.3 s of a 2.2 s download). 1 MB pieces: 2.06 → 1.66 s for the W3C corpus and
 * 1.88 → 1.52 s for the native one (the old and new server on one database, taking turns), and the client
 * reads ~460 compressed pieces instead of ~1,900.
 */
export const STREAM_PIECE_BYTES = 1024 * 1024;

/**
 * A pull-based byte stream of the chunks: each pull reads chunks until a piece of `pieceBytes` is full,
 * so the next ones are read only when the client has taken it. The chunks are encoded straight into the
 * piece (no second copy).
 */
export function toReadableStream(chunks: AsyncGenerator<string>, pieceBytes = STREAM_PIECE_BYTES): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let held: string | null = null; // a chunk that did not fit in the last piece
  let done = false;
  const nextChunk = async (): Promise<string | null> => {
    if (held !== null) {
      const chunk = held;
      held = null;
      return chunk;
    }
    if (done) return null;
    let next: IteratorResult<string>;
    try {
      next = await chunks.next();
    } catch (error) {
      // The headers are gone already: all we can do is end the download as failed, never as complete.
      console.error("Export failed while streaming:", error);
      throw error;
    }
    if (next.done) done = true;
    return next.done ? null : next.value;
  };
  // UTF-8 takes at most 3 bytes per UTF-16 unit: room for one more chunk (CHUNK_SIZE) past the mark
  const room = pieceBytes + 3 * CHUNK_SIZE;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let piece: Buffer | null = null;
        let used = 0;
        while (used < pieceBytes) {
          const chunk = await nextChunk();
          if (chunk === null) break;
          if (used + 3 * chunk.length > room) {
            // longer than what is left (a long document text): a piece of its own, after the one begun
            if (used > 0) held = chunk;
            else controller.enqueue(encoder.encode(chunk));
            break;
          }
          piece ??= Buffer.allocUnsafe(room);
          used += encoder.encodeInto(chunk, piece.subarray(used)).written;
        }
        if (piece !== null && used > 0) controller.enqueue(piece.subarray(0, used));
        if (done && held === null) controller.close();
      },
      async cancel() {
        held = null;
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The streamed HTTP response of an export, as an attachment. */
export function exportResponse(prepared: PreparedExport): Response {
  return new Response(toReadableStream(prepared.chunks), {
    status: 200,
    headers: {
      "content-type": prepared.contentType,
      "content-disposition": `attachment; filename="${prepared.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
