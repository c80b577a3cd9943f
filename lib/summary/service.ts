import "server-only";
// Reliability summaries from the database: load a document's live annotations with their dispute and
// reply counts in a fixed number of queries (never one per annotation), then hand them to the pure
// computation in summary.ts. Read access is open to every signed-in role, so there is no user filter.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import {
  computeSummary,
  effectiveClassStrip,
  type Classification,
  type DocumentSummary,
  type SummaryAnnotation,
} from "./summary";

export type StripRun = ReturnType<typeof effectiveClassStrip>[number];

/** A document's summary plus the strip (minimap): maximal runs of covered code points by effective class. */
export type DocumentSummaryWithStrip = DocumentSummary & { strip: StripRun[] };

/** One row of the corpus view: the document's title and kind, then its summary (no strip). */
export type CorpusDocumentSummary = DocumentSummary & { title: string; kind: string };

type DocumentFilter = { id?: string | { in: string[] }; deletedAt: null };

const annotationSelect = { id: true, documentId: true, start: true, end: true, classification: true, authorId: true } as const;

type CountRow = { annotationId: string; _count: { _all: number } };

function toMap(rows: CountRow[]): Map<string, number> {
  return new Map(rows.map((r) => [r.annotationId, r._count._all]));
}

/** Dispute verdicts and live replies per annotation, for the live annotations matched by `annotation`. */
async function loadCounts(annotation: { documentId: string } | { document: DocumentFilter }) {
  const live = { ...annotation, deletedAt: null };
  // One GROUP BY per table (indexed by annotationId) instead of a count per annotation.
  const [disputes, replies] = await Promise.all([
    db.verdict.groupBy({ by: ["annotationId"], where: { verdict: "dispute", annotation: live }, _count: { _all: true } }),
    db.reply.groupBy({ by: ["annotationId"], where: { deletedAt: null, annotation: live }, _count: { _all: true } }),
  ]);
  return { disputes: toMap(disputes), replies: toMap(replies) };
}

function toSummaryAnnotation(
  row: { id: string; start: number; end: number; classification: string; authorId: string },
  counts: { disputes: Map<string, number>; replies: Map<string, number> },
): SummaryAnnotation {
  return {
    id: row.id,
    start: row.start,
    end: row.end,
    classification: row.classification as Classification,
    authorId: row.authorId,
    disputes: counts.disputes.get(row.id) ?? 0,
    replies: counts.replies.get(row.id) ?? 0,
  };
}

/** The summary of one live document (NOT_FOUND for an unknown or deleted one), with its strip. */
export async function summarizeDocument(documentId: string): Promise<DocumentSummaryWithStrip> {
  const doc = await db.document.findFirst({ where: { id: documentId, deletedAt: null }, select: { id: true, length: true } });
  if (!doc) throw notFound("Document");
  const [rows, counts] = await Promise.all([
    db.annotation.findMany({ where: { documentId, deletedAt: null }, select: annotationSelect }),
    loadCounts({ documentId }),
  ]);
  const annotations = rows.map((r) => toSummaryAnnotation(r, counts));
  return {
    ...computeSummary({ documentId, length: doc.length, annotations }),
    strip: effectiveClassStrip({ length: doc.length, annotations }),
  };
}

/** Summaries of every live document, by title: one query per table, grouped in memory. */
export function summarizeCorpus(): Promise<CorpusDocumentSummary[]> {
  return summarizeMany({ deletedAt: null });
}

/** Summaries of the live documents among `ids` (e.g. one page of the library), by title; unknown or deleted ids are left out. */
export function summarizeDocuments(ids: string[]): Promise<CorpusDocumentSummary[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return summarizeMany({ id: { in: [...new Set(ids)] }, deletedAt: null });
}

async function summarizeMany(document: DocumentFilter): Promise<CorpusDocumentSummary[]> {
  const [docs, rows, counts] = await Promise.all([
    db.document.findMany({
      where: document,
      select: { id: true, title: true, kind: true, length: true },
      orderBy: [{ title: "asc" }, { id: "asc" }],
    }),
    db.annotation.findMany({ where: { deletedAt: null, document }, select: annotationSelect }),
    loadCounts({ document }),
  ]);
  const byDocument = new Map<string, SummaryAnnotation[]>(docs.map((d) => [d.id, []]));
  for (const row of rows) byDocument.get(row.documentId)?.push(toSummaryAnnotation(row, counts));
  return docs.map((d) => {
    const { documentId, ...summary } = computeSummary({ documentId: d.id, length: d.length, annotations: byDocument.get(d.id)! });
    return { documentId, title: d.title, kind: d.kind, ...summary }; // documentId first in the JSON, as in the API reference
  });
}
