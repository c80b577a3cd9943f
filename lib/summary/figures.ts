import "server-only";
// Per-document summary figures for the library (a shares bar per row, sorting by reliability or
// coverage). Summaries are cached per document and recomputed only when its lastActivityAt moved —
// every annotation, reply or verdict change bumps it (lib/events/store.ts).
import { findActivityStamps } from "@/lib/documents/store";
import type { Classification } from "./summary";
import { summarizeDocuments } from "./service";

export interface DocumentFigures {
  reliability: number | null;
  coverage: number;
  shares: Record<Classification, number>;
}

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
      const figures = { reliability: s.reliability, coverage: s.coverage, shares: s.shares };
      cache.set(s.documentId, { stamp: stamps.get(s.documentId)!, figures });
      out.set(s.documentId, figures);
    }
  }
  return out;
}
