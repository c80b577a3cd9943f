// How an annotation's anchor state carries over when it is placed on another text (a new version of its
// document, or an import onto an edited text). Pure: the re-anchoring module (lib/anchoring/reanchor.ts)
// says how it found the passage on the new text; this decides what the annotation then records.
//
// - Fuzzy stays fuzzy until a person confirms it: an unconfirmed fuzzy placement that survives the next
//   version unchanged (exact or moved relative to it) is still fuzzy, with its earlier score (the lower
//   of the two when it is fuzzy again), and `previousQuote` stays the quote a person last saw placed.
// - Orphaned, placed nowhere, keeps its last quote and context; one a person left orphaned with a note
//   stays so with that note while it still cannot be placed.
// - Everything else takes the new state; `previousQuote` is kept for fuzzy and orphaned placements, and
//   for any whose text changed (curly quotes, reflow), so a person can see what was there.
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import { validateSpan } from "@/lib/anchoring/quote";
import { reanchor, type Placement } from "@/lib/anchoring/reanchor";
import type { AnchorDetail } from "./record";
import type { AnchorState } from "./types";
import type { AnchorRow, PlacementWrite } from "./store";

export interface PriorAnchor {
  state: AnchorState;
  /** The quote of the placement being left (for an orphaned one, its last quote). */
  quote: string;
  detail: AnchorDetail | null;
}

export interface CarriedAnchor {
  state: AnchorState;
  detail: AnchorDetail | null;
}

/** The state and detail an annotation records for its placement `placed`, given where it came from. */
export function carryAnchor(prior: PriorAnchor, placed: Placement): CarriedAnchor {
  const vouched = prior.state === "fuzzy" || prior.state === "orphaned" ? (prior.detail?.previousQuote ?? prior.quote) : prior.quote;
  if (placed.state === "orphaned") {
    const detail: AnchorDetail = { previousQuote: vouched };
    if (prior.state === "orphaned" && prior.detail?.resolution) detail.resolution = prior.detail.resolution;
    return { state: "orphaned", detail };
  }
  let state: AnchorState = placed.state;
  let score = placed.state === "fuzzy" ? placed.score : undefined;
  if (prior.state === "fuzzy") {
    const before = prior.detail?.score;
    state = "fuzzy";
    score = score === undefined ? before : before === undefined ? score : Math.min(before, score);
  }
  const detail: AnchorDetail = {};
  if (score !== undefined) detail.score = score;
  if (state === "fuzzy" || vouched !== placed.quote) detail.previousQuote = vouched;
  return { state, detail: Object.keys(detail).length > 0 ? detail : null };
}

/** An annotation's current placement, as re-anchoring onto a new version needs it (the store's row). */
export type CurrentPlacement = AnchorRow;

/** For an orphaned annotation, start to suffix are its last placement's, kept. */
export type NewPlacement = PlacementWrite & { id: string };

/**
 * Where each annotation goes on a new version of its document's text (`version`): placed ones through
 * the diff of the current text → the new one, orphaned ones (whose last offsets are on an older text)
 * by their quote and context alone. `counts` are over the live annotations.
 */
export function placeOnNewVersion(input: {
  annotations: readonly CurrentPlacement[];
  oldText: CodePointIndex;
  newText: CodePointIndex;
  version: number;
}): { placements: NewPlacement[]; counts: Record<AnchorState, number> } {
  const { annotations, oldText, newText, version } = input;
  const placed = annotations.filter((a) => a.anchorState !== "orphaned");
  const orphans = annotations.filter((a) => a.anchorState === "orphaned");
  const found = new Map<string, Placement>();
  reanchor({ text: newText, oldText, annotations: placed }).forEach((p, i) => found.set(placed[i].id, p));
  if (orphans.length > 0) {
    const again = reanchor({ text: newText, annotations: orphans.map((a) => ({ quote: a.quote, prefix: a.prefix, suffix: a.suffix })) });
    again.forEach((p, i) => found.set(orphans[i].id, p));
  }
  const counts: Record<AnchorState, number> = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const placements = annotations.map((a): NewPlacement => {
    let p = found.get(a.id)!;
    const span = p.state === "orphaned" ? null : validateSpan(newText, p.start, p.end);
    if (span && !span.ok) p = { state: "orphaned", start: null, end: null, quote: null, score: 0, previousQuote: a.quote };
    const carried = carryAnchor({ state: a.anchorState, quote: a.quote, detail: a.anchorDetail }, p);
    if (!a.deleted) counts[carried.state]++;
    if (carried.state === "orphaned" || !span?.ok) {
      return { id: a.id, start: a.start, end: a.end, quote: a.quote, prefix: a.prefix, suffix: a.suffix, state: "orphaned", version, detail: carried.detail };
    }
    return { id: a.id, start: p.start!, end: p.end!, quote: span.quote, prefix: span.prefix, suffix: span.suffix, state: carried.state, version, detail: carried.detail };
  });
  return { placements, counts };
}
