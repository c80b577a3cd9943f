import "server-only";
// Per-document summary figures for the library (the reliability cell, sorting by reliability —
// conservatively, see ranking.ts — or coverage, and the claims and orphaned annotations beside its
// annotation count), from the documents' summaries, which lib/summary/service.ts
// keeps per document under its change stamp.
import type { DocumentSummary } from "./summary";
import { summarizeDocuments } from "./service";

export type DocumentFigures = Pick<
  DocumentSummary,
  "reliability" | "reliabilityLow" | "reliabilityHigh" | "minimumClaims" | "claims" | "counts" | "coverage" | "shares"
>;

/** The figures of the live documents among `ids`, by id (deleted and unknown ids are left out). */
export async function documentFigures(ids: string[]): Promise<Map<string, DocumentFigures>> {
  const out = new Map<string, DocumentFigures>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const s of await summarizeDocuments(ids.slice(i, i + 500))) {
      out.set(s.documentId, {
        reliability: s.reliability,
        reliabilityLow: s.reliabilityLow,
        reliabilityHigh: s.reliabilityHigh,
        minimumClaims: s.minimumClaims,
        claims: s.claims,
        counts: s.counts,
        coverage: s.coverage,
        shares: s.shares,
      });
    }
  }
  return out;
}
