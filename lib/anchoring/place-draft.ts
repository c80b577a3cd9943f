// Where a new-annotation draft belongs in the text now on screen. A draft keeps its span (code points),
// quote and context in this browser; when a new version of the text arrives (the page reloads onto it)
// the span may point at other words. Loaded on demand (it brings the re-anchoring code) by components/reader/workbench.tsx,
// only when the draft's quote no longer reads at its offsets.
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import { describeSpan } from "@/lib/anchoring/quote";
import { reanchor } from "@/lib/anchoring/reanchor";

export type DraftPlace =
  | { state: "same" }
  /** `exact`: the same words as the draft quoted; else the passage that best matches (the quote differs). */
  | { state: "moved"; start: number; end: number; quote: string; prefix: string; suffix: string; exact: boolean }
  | { state: "gone" };

export function placeDraft(index: CodePointIndex, draft: { start: number; end: number; quote: string; prefix?: string; suffix?: string }): DraftPlace {
  if (draft.end <= index.length && draft.start < draft.end && index.slice(draft.start, draft.end) === draft.quote) return { state: "same" };
  // The same rules as a new version's annotations (lib/anchoring/reanchor.ts, without the old text): the
  // quote verbatim where its context agrees, the occurrence nearest the old place among repeats, else an
  // approximate match only with agreeing context.
  const [placed] = reanchor({ text: index, annotations: [{ start: draft.start, end: draft.end, quote: draft.quote, prefix: draft.prefix ?? null, suffix: draft.suffix ?? null }] });
  const span = placed.state === "orphaned" ? nearestVerbatim(index, draft.quote, draft.start) : { start: placed.start, end: placed.end };
  if (!span || span.start >= span.end) return { state: "gone" };
  const { quote, prefix, suffix } = describeSpan(index, span.start, span.end);
  return { state: "moved", ...span, quote, prefix, suffix, exact: quote === draft.quote };
}

/** A draft without context (stored before it kept any) whose quote repeats: the occurrence nearest its old start. */
function nearestVerbatim(index: CodePointIndex, quote: string, near: number): { start: number; end: number } | null {
  if (!quote.trim()) return null;
  let best: { start: number; end: number } | null = null;
  for (let at = index.text.indexOf(quote); at >= 0; at = index.text.indexOf(quote, at + 1)) {
    const start = index.toCodePoint(at);
    const end = index.toCodePoint(at + quote.length);
    if (!best || Math.abs(start - near) < Math.abs(best.start - near)) best = { start, end };
  }
  return best;
}
