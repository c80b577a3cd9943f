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
 * answers the text offset that pattern offset `boundary` falls on. When several optimal alignments
 * put it in different places (text inserted at the boundary), "left" takes the leftmost and
 * "right" the rightmost. Ties between alignment ends go to the one nearest `near`.
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
  const t = (j: number) => text.charCodeAt(w0 + j);
  // forward: best cost of pattern[0, i) ending at text j (free start)
  const fwd = new Int32Array((m + 1) * cols);
  for (let i = 1; i <= m; i++) {
    fwd[i * cols] = i;
    const pc = pattern.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      let v = fwd[(i - 1) * cols + j - 1] + (pc === t(j - 1) ? 0 : 1);
      const up = fwd[(i - 1) * cols + j] + 1;
      const left = fwd[i * cols + j - 1] + 1;
      if (up < v) v = up;
      if (left < v) v = left;
      fwd[i * cols + j] = v;
    }
  }
  let end = 0;
  for (let j = 1; j <= n; j++) {
    const v = fwd[m * cols + j];
    const best = fwd[m * cols + end];
    if (v < best || (v === best && Math.abs(w0 + j - near) < Math.abs(w0 + end - near))) end = j;
  }
  const total = fwd[m * cols + end];
  // backward: cost of pattern[i, m) over text [j, end)
  const big = m + n + 1;
  const bwd = new Int32Array((m + 1) * cols).fill(big);
  for (let j = end; j >= 0; j--) bwd[m * cols + j] = end - j;
  for (let i = m - 1; i >= boundary; i--) {
    const pc = pattern.charCodeAt(i);
    bwd[i * cols + end] = m - i;
    for (let j = end - 1; j >= 0; j--) {
      let v = bwd[(i + 1) * cols + j + 1] + (pc === t(j) ? 0 : 1);
      const down = bwd[(i + 1) * cols + j] + 1;
      const right = bwd[i * cols + j + 1] + 1;
      if (down < v) v = down;
      if (right < v) v = right;
      bwd[i * cols + j] = v;
    }
  }
  // the boundary lies on an optimal alignment at these text offsets
  let leftmost = -1;
  let rightmost = -1;
  for (let j = 0; j <= end; j++) {
    if (fwd[boundary * cols + j] + bwd[boundary * cols + j] === total) {
      if (leftmost < 0) leftmost = j;
      rightmost = j;
    }
  }
  return w0 + (prefer === "left" ? leftmost : rightmost);
}
