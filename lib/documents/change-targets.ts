// Where Previous change / Next change go (components/versions/change-navigator.tsx), from where the reader
// is: pure, on the changes' boxes as the browser measures them (px from the top of the screen).
//
// The bar stays stuck under the app's header; the line under it is where the reading is. The change last
// gone to (by the bar, or by a link to it) is where the reader is until the page is scrolled by hand:
// Next goes to the one after it. Then the position counts: a change under the bar (behind it, or
// crossing its lower edge) is the current one; Next goes to the first change below it, Previous to the
// last one wholly above the bar, whichever changes are on the screen.

export interface ChangeBox {
  top: number;
  bottom: number;
}

export interface ChangeView {
  /** The top of the bar (the header's bottom edge when the bar is stuck). */
  barTop: number;
  /** The bottom of the bar: the top of what can be read. */
  barBottom: number;
}

/** Previous and Next: change numbers (1-based), null at either end. */
export interface ChangeTargets {
  previous: number | null;
  next: number | null;
}

/** A box this close under the bar's lower edge counts as under it (rounding, a scroll that stopped a pixel short). */
const SLACK = 2;

/**
 * Where Previous and Next go. `boxes` in the changes' order (change k at index k - 1); `held`: the change
 * last gone to (1-based) while the page has not been scrolled by hand since, else 0.
 */
export function changeTargets(boxes: readonly ChangeBox[], view: ChangeView, held = 0): ChangeTargets {
  const n = boxes.length;
  if (n === 0) return { previous: null, next: null };
  if (held >= 1 && held <= n) return { previous: held > 1 ? held - 1 : null, next: held < n ? held + 1 : null };
  const line = view.barBottom + SLACK;
  let previous: number | null = null;
  let next: number | null = null;
  boxes.forEach((box, i) => {
    if (box.bottom <= view.barTop) previous = i + 1; // wholly above the bar (the last such wins)
    else if (box.top >= line && next === null) next = i + 1; // wholly below its lower edge (the first such)
    // else: under the bar, the current one: neither
  });
  return { previous, next };
}
