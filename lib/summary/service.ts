import "server-only";
// Reliability summaries from the database: load a document's live annotations with their dispute and
// reply counts in a fixed number of queries (never one per annotation), then hand them to the pure
// computation in summary.ts. Read access is open to every signed-in role, so there is no user filter.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { stmt } from "@/lib/sql";
import { poolBy, poolClaims, type ClaimPool } from "./ranking";
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

/** One row of the corpus view: the document's title, kind and publisher, then its summary (no strip). */
export type CorpusDocumentSummary = DocumentSummary & { title: string; kind: string; publisher: string | null };

/** The corpus view: every document, and their claims pooled per publisher, per kind and overall. */
export interface CorpusReport {
  documents: CorpusDocumentSummary[];
  publishers: ClaimPool[];
  kinds: ClaimPool[];
  overall: ClaimPool;
}

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
  // Plain SQL (lib/sql.ts): this runs for every summary request, and Prisma's per-row cost dominated it.
  const doc = stmt("SELECT length FROM Document WHERE id = ? AND deletedAt IS NULL").get(documentId) as { length: number } | undefined;
  if (!doc) throw notFound("Document");
  const live = "a.documentId = ? AND a.deletedAt IS NULL";
  const rows = stmt(`SELECT a.id, a.start, a."end" AS "end", a.classification, a.authorId FROM Annotation a WHERE ${live}`).all(documentId) as Array<{
    id: string;
    start: number;
    end: number;
    classification: string;
    authorId: string;
  }>;
  const count = (sql: string) => new Map((stmt(sql).all(documentId) as Array<{ id: string; n: number }>).map((r) => [r.id, r.n]));
  const counts = {
    disputes: count(`SELECT v.annotationId AS id, count(*) AS n FROM Verdict v JOIN Annotation a ON a.id = v.annotationId WHERE ${live} AND v.verdict = 'dispute' GROUP BY v.annotationId`),
    replies: count(`SELECT r.annotationId AS id, count(*) AS n FROM Reply r JOIN Annotation a ON a.id = r.annotationId WHERE ${live} AND r.deletedAt IS NULL GROUP BY r.annotationId`),
  };
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
  return summarizeMany({ id: { in: [...new Set(ids)] }, deletedAt: null });
}

async function summarizeMany(document: DocumentFilter): Promise<CorpusDocumentSummary[]> {
  const [docs, rows, counts] = await Promise.all([
    db.document.findMany({
      where: document,
      select: { id: true, title: true, kind: true, publisher: true, length: true },
      orderBy: [{ title: "asc" }, { id: "asc" }],
    }),
    db.annotation.findMany({ where: { deletedAt: null, document }, select: annotationSelect }),
    loadCounts({ document }),
  ]);
  const byDocument = new Map<string, SummaryAnnotation[]>(docs.map((d) => [d.id, []]));
  for (const row of rows) byDocument.get(row.documentId)?.push(toSummaryAnnotation(row, counts));
  return docs.map((d) => {
    const { documentId, ...summary } = computeSummary({ documentId: d.id, length: d.length, annotations: byDocument.get(d.id)! });
    return { documentId, title: d.title, kind: d.kind, publisher: d.publisher, ...summary }; // documentId first in the JSON, as in the API reference
  });
}
