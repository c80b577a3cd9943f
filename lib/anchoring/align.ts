// Small edit-distance tools for re-anchoring, on matching-form strings (UTF-16 units).

/** Levenshtein distance of a and b when it is at most `max`; otherwise max + 1 (banded, O(|a|·max)). */
export function editDistanceWithin(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0 || m === 0) return Math.max(n, m);
  const big = max + 1;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : big;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur[lo - 1] = lo - 1 === 0 ? i : big;
    let rowMin = cur[lo - 1];
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      let v = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const up = prev[j] + 1;
      const left = cur[j - 1] + 1;
      if (up < v) v = up;
      if (left < v) v = left;
      cur[j] = v > big ? big : v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = big;
    if (rowMin > max) return big;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[m], big);
}

/** 1 − distance / longer length: 1 for equal strings, 0 for nothing in common (at most `floor` below which it gives up and answers 0). */
export function similarity(a: string, b: string, floor = 0): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const max = Math.floor(longer * (1 - floor));
  const d = editDistanceWithin(a, b, max);
  return d > max ? 0 : 1 - d / longer;
}

/**
 * How well the old context `ctx` agrees with the text next to `pos`: `before` compares it with the
 * text ending at pos, `after` with the text starting there. Aligned from the side touching the
 * passage, with the far end free (an insertion a few characters away costs its length, not more).
 * 1 − distance / |ctx|.
 */
export function contextSimilarity(ctx: string, text: string, pos: number, side: "before" | "after"): number {
  const n = ctx.length;
  if (n === 0) return 1;
  const slack = Math.ceil(n / 4);
  const avail = side === "before" ? Math.min(pos, n + slack) : Math.min(text.length - pos, n + slack);
  // old character i (counted from the passage outwards) and new character j, the same way
  const c = (i: number) => (side === "before" ? ctx.charCodeAt(n - 1 - i) : ctx.charCodeAt(i));
  const t = (j: number) => (side === "before" ? text.charCodeAt(pos - 1 - j) : text.charCodeAt(pos + j));
  let prev = new Int32Array(avail + 1);
  let cur = new Int32Array(avail + 1);
  for (let j = 0; j <= avail; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ci = c(i - 1);
    for (let j = 1; j <= avail; j++) {
      let v = prev[j - 1] + (ci === t(j - 1) ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      cur[j] = v;
    }
    [prev, cur] = [cur, prev];
  }
  let best = n;
  for (let j = 0; j <= avail; j++) if (prev[j] < best) best = prev[j];
  return 1 - best / n;
}

/**
 * Aligns `pattern` with text[w0, w1) (every pattern unit used, the text free at both ends) and
 * answers the text offset that pattern offset `boundary` falls on: the rightmost such offset when
 * `prefer` is "right", the leftmost when "left" (text inserted at the boundary then stays out of the
 * passage). Ties between equally good alignments go to the one ending nearest `near`.
 */
export function alignBoundary(
  pattern: string,
  boundary: number,
  text: string,
  w0: number,
  w1: number,
  near: number,
  prefer: "left" | "right",
): number {
  const m = pattern.length;
  const n = w1 - w0;
  const cols = n + 1;
  const d = new Int32Array((m + 1) * cols);
  for (let i = 1; i <= m; i++) {
    d[i * cols] = i;
    const pc = pattern.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      let v = d[(i - 1) * cols + j - 1] + (pc === text.charCodeAt(w0 + j - 1) ? 0 : 1);
      const up = d[(i - 1) * cols + j] + 1;
      const left = d[i * cols + j - 1] + 1;
      if (up < v) v = up;
      if (left < v) v = left;
      d[i * cols + j] = v;
    }
  }
  let j = 0;
  for (let k = 1; k <= n; k++) {
    const v = d[m * cols + k];
    const best = d[m * cols + j];
    if (v < best || (v === best && Math.abs(w0 + k - near) < Math.abs(w0 + j - near))) j = k;
  }
  let i = m;
  let first = -1;
  let last = -1;
  while (i > 0) {
    if (i === boundary) {
      if (first < 0) first = j;
      last = j;
    }
    const v = d[i * cols + j];
    if (j > 0 && v === d[(i - 1) * cols + j - 1] + (pattern.charCodeAt(i - 1) === text.charCodeAt(w0 + j - 1) ? 0 : 1)) {
      i--;
      j--;
    } else if (v === d[(i - 1) * cols + j] + 1) i--;
    else j--;
  }
  if (boundary === 0) first = last = j;
  return w0 + (prefer === "right" ? first : last);
}
