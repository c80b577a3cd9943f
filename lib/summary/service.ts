import "server-only";
// Reliability summaries from the database: load a document's live annotations with their open dispute
// and reply counts and their rulings' classes in a fixed number of queries (never one per annotation), then hand them to the pure
// computation in summary.ts. Read access is open to every signed-in role, so there is no user filter.
import { WeightedLru } from "@/lib/cache/weighted-lru";
import { AppError, notFound } from "@/lib/errors";
import { findSummaryRows } from "@/lib/annotations/store";
import { changeStamp, changeStamps } from "@/lib/documents/stamps";
import { findDocumentRecord, findLiveDocumentHeads, type DocumentHead } from "@/lib/documents/store";
import { latestEventId } from "@/lib/events/store";
import { read } from "@/lib/store/transaction";
import { poolBy, poolClaims, type ClaimPool } from "./ranking";
import { computeSummary, computeSummaryWithStrip, type DocumentSummary, type StripRun, type SummaryAnnotation } from "./summary";

/** A document's summary plus the strip (minimap): maximal runs of covered code points by effective class (a ruled annotation in its ruling's, as in the text). */
export type DocumentSummaryWithStrip = DocumentSummary & { strip: StripRun[] };

/** Which text a summary is of: the document's current version and its text's SHA-256 (as in the versions API and the native export). */
export interface SummarisedText {
  /** The number of the version of the text summarised (the current one). */
  version: number;
  /** SHA-256 of that text (UTF-8, lowercase hex): the versions API's `textHash`, the native export's `textSha256`. */
  textSha256: string;
}

/** GET /api/documents/[id]/summary: the summary with its strip, and which text it is of. */
export type NamedDocumentSummary = DocumentSummaryWithStrip & SummarisedText;

/** One row of the corpus view: the document's title, kind and publisher, which text it is of, then its summary (no strip). */
export type CorpusDocumentSummary = DocumentSummary & SummarisedText & { title: string; kind: string; publisher: string | null };

/** The corpus view: every document, and their claims pooled per publisher, per kind and overall. */
export interface CorpusReport {
  documents: CorpusDocumentSummary[];
  publishers: ClaimPool[];
  kinds: ClaimPool[];
  overall: ClaimPool;
}

// Each document's summary with its strip (the reader's and the summary API's), kept and recomputed when
// the document's change stamp moves (lib/documents/stamps.ts), read in the same snapshot as the rows.
// A miss reads ~10,000 rows per 10,000 annotations; a hit reads two index entries.
const SUMMARY_CACHE_MAX = 400_000; // strip runs kept over all documents (~30 MB)
const summaryCache = new WeightedLru<string, { stamp: string; summary: DocumentSummaryWithStrip }>(SUMMARY_CACHE_MAX);

// Each document's summary without its strip (the corpus report's and the library's), kept the same way,
// one entry per document: without it, the corpus report read and summarised every annotation of the
// corpus on every request (630 ms for 100,000 annotations on SQLite, 2.9 s for 500,000 on PostgreSQL).
// Apart from summaryCache, so that a corpus larger than its strips cannot evict them all in turn.
const FIGURES_CACHE_MAX = 50_000; // documents (~1.6 KB each: 80 MB at most, for a corpus that large)
const figuresCache = new WeightedLru<string, { stamp: string; summary: DocumentSummary }>(FIGURES_CACHE_MAX);

/**
 * The summary of one live document (NOT_FOUND for an unknown or deleted one), with its strip. Callers must not change it: it is shared.
 * It is of the current text: asked for another `version` (GET …/summary?version=N), UNPROCESSABLE (NOT_FOUND for a version
 * the document never had), never the current text's figures under another version's name.
 */
export async function summarizeDocument(documentId: string, version?: number): Promise<NamedDocumentSummary> {
  const loaded = await read(async (tx) => {
    const doc = await findDocumentRecord(documentId, {}, tx);
    if (!doc) return null;
    if (version !== undefined && version !== doc.version) return { otherVersion: { title: doc.title, current: doc.version } };
    // Read in the same snapshot as the rows: the figures are of this text.
    const text: SummarisedText = { version: doc.version, textSha256: doc.textHash };
    const stamp = changeStamp(await latestEventId(documentId, tx), doc);
    const hit = summaryCache.get(documentId);
    if (hit?.stamp === stamp) return { text, cached: hit.summary };
    return { text, cached: null, stamp, length: doc.length, rows: await findSummaryRows([documentId], tx) };
  });
  if (!loaded) throw notFound("Document");
  if ("otherVersion" in loaded && loaded.otherVersion) {
    const { title, current } = loaded.otherVersion;
    if (version! > current) throw new AppError("NOT_FOUND", `Version ${version} not found; “${title}” has versions 1 to ${current}.`);
    throw new AppError(
      "UNPROCESSABLE",
      `The summary is of the current text, version ${current}, only. Where the annotations were on version ${version}: GET /api/documents/${documentId}/annotations?version=${version}.`,
    );
  }
  // Which text, first after the id (a copy: the cached summary is shared, its strip is not copied).
  const named = ({ documentId: id, ...summary }: DocumentSummaryWithStrip) => ({ documentId: id, ...loaded.text, ...summary });
  if (loaded.cached) return named(loaded.cached);
  // A SummaryRow is a SummaryAnnotation (plus its documentId): no copy of 10,000 rows.
  const summary = computeSummaryWithStrip({ documentId, length: loaded.length, annotations: loaded.rows });
  if (summary.strip.length < SUMMARY_CACHE_MAX) summaryCache.set(documentId, { stamp: loaded.stamp, summary }, summary.strip.length + 1);
  const { strip, ...withoutStrip } = summary;
  figuresCache.set(documentId, { stamp: loaded.stamp, summary: withoutStrip }, 1);
  return named(summary);
}

/** Summaries of every live document, by title: one query per table, grouped in memory. */
export function summarizeCorpus(): Promise<CorpusDocumentSummary[]> {
  return summarizeMany();
}

/** GET /api/summary and the corpus page: every live document's summary and the pooled groups. */
export async function summarizeCorpusReport(): Promise<CorpusReport> {
  const documents = await summarizeCorpus();
  return {
    documents,
    publishers: poolBy(documents, (d) => d.publisher),
    kinds: poolBy(documents, (d) => d.kind),
    overall: poolClaims(null, documents),
  };
}

/** Summaries of the live documents among `ids` (e.g. one page of the library), by title; unknown or deleted ids are left out. */
export function summarizeDocuments(ids: string[]): Promise<CorpusDocumentSummary[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return summarizeMany([...new Set(ids)]);
}

async function summarizeMany(ids?: string[]): Promise<CorpusDocumentSummary[]> {
  const docs = await findLiveDocumentHeads(ids);
  // The stamps before the rows (lib/documents/stamps.ts).
  const stamps = await changeStamps(docs);
  const summaries = new Map<string, DocumentSummary>();
  const stale: DocumentHead[] = [];
  for (const d of docs) {
    const hit = figuresCache.get(d.id);
    if (hit && hit.stamp === stamps.get(d.id)) summaries.set(d.id, hit.summary);
    else stale.push(d);
  }
  if (stale.length > 0) {
    // The whole corpus stale (a cold start): one read of every annotation rather than lists of ids.
    const rows = await findSummaryRows(ids === undefined && stale.length === docs.length ? undefined : stale.map((d) => d.id));
    const byDocument = new Map<string, SummaryAnnotation[]>(stale.map((d) => [d.id, []]));
    for (const row of rows) byDocument.get(row.documentId)?.push(row);
    for (const d of stale) {
      const summary = computeSummary({ documentId: d.id, length: d.length, annotations: byDocument.get(d.id)! });
      figuresCache.set(d.id, { stamp: stamps.get(d.id)!, summary }, 1);
      summaries.set(d.id, summary);
    }
  }
  return docs.map((d) => {
    const { documentId, ...summary } = summaries.get(d.id)!;
    // documentId first in the JSON, as in the API reference
    return { documentId, title: d.title, kind: d.kind, publisher: d.publisher, version: d.version, textSha256: d.textHash, ...summary };
  });
}
