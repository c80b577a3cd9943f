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
import type { Placement } from "@/lib/anchoring/reanchor";
import type { AnchorDetail } from "./record";
import type { AnchorState } from "./types";

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
