// Strings that carry zero-width marks through edits. The HTML extractor builds its text with
// whitespace collapsing, trimming and joining; the structure layer needs to know where each element
// began and ended in the *result*. Instead of changing how the text is built, every edit is made
// on a Tracked string, which computes exactly the same string and moves the marks along.
//
// A mark inside (or at the edge of) a replaced stretch moves to its edge: an opening mark after
// the replacement, a closing mark before it. So a range never starts or ends in whitespace that
// was collapsed or trimmed away, and a range made only of such whitespace becomes empty.
// Positions are UTF-16 indices.
import { isJsSpace } from "@/lib/anchoring/codepoints";

export interface Mark {
  /** The range (or point) this mark belongs to. */
  id: number;
  /** An opening mark (start of a range, or a point) moves right across edits; a closing mark moves left. */
  open: boolean;
  pos: number;
}

export interface Tracked {
  s: string;
  marks: Mark[];
}

export function tracked(s = "", marks: Mark[] = []): Tracked {
  return { s, marks };
}

/** Appends `part` to `target` in place (its marks are shifted by target's length). */
export function append(target: Tracked, part: Tracked | string): Tracked {
  if (typeof part === "string") {
    target.s += part;
    return target;
  }
  const shift = target.s.length;
  for (const m of part.marks) target.marks.push({ id: m.id, open: m.open, pos: m.pos + shift });
  target.s += part.s;
  return target;
}

export function concat(...parts: Array<Tracked | string>): Tracked {
  const out = tracked();
  for (const p of parts) append(out, p);
  return out;
}

export function join(parts: readonly Tracked[], separator: string): Tracked {
  const out = tracked();
  parts.forEach((p, i) => {
    if (i > 0) out.s += separator;
    append(out, p);
  });
  return out;
}

/** Replaced stretches [start, end) → text, ascending and not overlapping. */
type Edit = [start: number, end: number, text: string];

function applyEdits(t: Tracked, edits: readonly Edit[]): Tracked {
  if (edits.length === 0) return t;
  let s = "";
  let at = 0;
  // delta[k]: how much positions after the k first edits have moved
  const delta = new Float64Array(edits.length + 1);
  for (let k = 0; k < edits.length; k++) {
    const [a, b, text] = edits[k];
    s += t.s.slice(at, a) + text;
    at = b;
    delta[k + 1] = delta[k] + text.length - (b - a);
  }
  s += t.s.slice(at);
  const marks = t.marks.map((m) => {
    // the first edit that ends at or after the mark
    let lo = 0;
    let hi = edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edits[mid][1] < m.pos) lo = mid + 1;
      else hi = mid;
    }
    if (lo < edits.length && edits[lo][0] <= m.pos) {
      const start = edits[lo][0] + delta[lo];
      return { id: m.id, open: m.open, pos: m.open ? start + edits[lo][2].length : start };
    }
    return { id: m.id, open: m.open, pos: m.pos + delta[lo] };
  });
  return { s, marks };
}

/**
 * Like `t.s.replace(re, text)` with a literal replacement (no `$` patterns): every match when the
 * expression is global, the first one otherwise.
 */
export function replace(t: Tracked, re: RegExp, text: string): Tracked {
  const edits: Edit[] = [];
  const rx = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  const all = re.flags.includes("g");
  let m: RegExpExecArray | null;
  while ((m = rx.exec(t.s)) !== null) {
    edits.push([m.index, m.index + m[0].length, text]);
    if (m[0].length === 0) rx.lastIndex++;
    if (!all) break;
  }
  return applyEdits(t, edits);
}


/** String#trim, String#trimStart or String#trimEnd (in linear time, like them). */
export function trim(t: Tracked, side: "both" | "start" | "end" = "both"): Tracked {
  const s = t.s;
  let a = 0;
  let b = s.length;
  if (side !== "end") while (a < b && isJsSpace(s.charCodeAt(a))) a++;
  if (side !== "start") while (b > a && isJsSpace(s.charCodeAt(b - 1))) b--;
  const edits: Edit[] = [];
  if (a > 0) edits.push([0, a, ""]);
  if (b < s.length) edits.push([b, s.length, ""]);
  return applyEdits(t, edits);
}

/** `t.s.split("\n").map((line) => line.trim()).join("\n")`. */
export function trimLines(t: Tracked): Tracked {
  const s = t.s;
  const edits: Edit[] = [];
  let lineStart = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && s.charCodeAt(i) !== 0x0a) continue;
    let a = lineStart;
    let b = i;
    while (a < b && isJsSpace(s.charCodeAt(a))) a++;
    if (a > lineStart) edits.push([lineStart, a, ""]);
    while (b > a && isJsSpace(s.charCodeAt(b - 1))) b--;
    if (b < i) edits.push([b, i, ""]);
    lineStart = i + 1;
  }
  return applyEdits(t, edits);
}
