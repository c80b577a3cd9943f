import "server-only";
// Per-document summary figures for the library (the reliability cell, sorting by reliability —
// conservatively, see ranking.ts — or coverage). Summaries are cached per document and recomputed only
// when its lastActivityAt moved: every annotation, reply or verdict change bumps it (lib/events/store.ts).
import { findActivityStamps } from "@/lib/documents/store";
import type { DocumentSummary } from "./summary";
import { summarizeDocuments } from "./service";

export type DocumentFigures = Pick<
  DocumentSummary,
  "reliability" | "reliabilityLow" | "reliabilityHigh" | "minimumClaims" | "claims" | "coverage" | "shares"
>;

const cache = new Map<string, { stamp: string; figures: DocumentFigures }>();

export async function documentFigures(ids: string[]): Promise<Map<string, DocumentFigures>> {
  const out = new Map<string, DocumentFigures>();
  const stale: string[] = [];
  const stamps = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const [id, stamp] of await findActivityStamps(ids.slice(i, i + 500))) stamps.set(id, stamp);
  }
  for (const id of ids) {
    const stamp = stamps.get(id);
    if (stamp === undefined) continue;
    const hit = cache.get(id);
    if (hit && hit.stamp === stamp) out.set(id, hit.figures);
    else stale.push(id);
  }
  for (let i = 0; i < stale.length; i += 500) {
    for (const s of await summarizeDocuments(stale.slice(i, i + 500))) {
      const figures: DocumentFigures = {
        reliability: s.reliability,
        reliabilityLow: s.reliabilityLow,
        reliabilityHigh: s.reliabilityHigh,
        minimumClaims: s.minimumClaims,
        claims: s.claims,
        coverage: s.coverage,
        shares: s.shares,
      };
      cache.set(s.documentId, { stamp: stamps.get(s.documentId)!, figures });
      out.set(s.documentId, figures);
    }
  }
  return out;
}
