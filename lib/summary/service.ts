import "server-only";
// Reliability summaries from the database: load a document's live annotations with their open dispute
// and reply counts and their rulings' classes in a fixed number of queries (never one per annotation), then hand them to the pure
// computation in summary.ts. Read access is open to every signed-in role, so there is no user filter.
import { notFound } from "@/lib/errors";
import { findSummaryRows } from "@/lib/annotations/store";
import { findDocumentRecord, findLiveDocumentHeads } from "@/lib/documents/store";
import { poolBy, poolClaims, type ClaimPool } from "./ranking";
import { computeSummary, computeSummaryWithStrip, type DocumentSummary, type StripRun, type SummaryAnnotation } from "./summary";

/** A document's summary plus the strip (minimap): maximal runs of covered code points by effective class. */
export type DocumentSummaryWithStrip = DocumentSummary & { strip: StripRun[] };

/** One row of the corpus view: the document's title, kind and publisher, then its summary (no strip). */
export type CorpusDocumentSummary = DocumentSummary & { title: string; kind: string; publisher: string | null };

/** The corpus view: every document, and their claims pooled per publisher, per kind and overall. */
export interface CorpusReport {
  documents: CorpusDocumentSummary[];
  publishers: ClaimPool[];
  kinds: ClaimPool[];
  overall: ClaimPool;
}

/** The summary of one live document (NOT_FOUND for an unknown or deleted one), with its strip. */
export async function summarizeDocument(documentId: string): Promise<DocumentSummaryWithStrip> {
  const doc = await findDocumentRecord(documentId);
  if (!doc) throw notFound("Document");
  // A SummaryRow is a SummaryAnnotation (plus its documentId): no copy of 10,000 rows.
  return computeSummaryWithStrip({ documentId, length: doc.length, annotations: await findSummaryRows([documentId]) });
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
  const [docs, rows] = await Promise.all([findLiveDocumentHeads(ids), findSummaryRows(ids)]);
  const byDocument = new Map<string, SummaryAnnotation[]>(docs.map((d) => [d.id, []]));
  for (const row of rows) byDocument.get(row.documentId)?.push(row);
  return docs.map((d) => {
    const { documentId, ...summary } = computeSummary({ documentId: d.id, length: d.length, annotations: byDocument.get(d.id)! });
    return { documentId, title: d.title, kind: d.kind, publisher: d.publisher, ...summary }; // documentId first in the JSON, as in the API reference
  });
}
