// Which annotations cover which stretch of the text: the covered segments of the whole document (from
// lib/anchoring/segments), for finding the annotations under a point and for marking overlaps.
import { splitSegments, type Segment, type TextRange } from "@/lib/anchoring/segments";
import type { Span } from "./spans";

export interface Coverage {
  /** Covered stretches in text order, each with the ids covering it (outermost first). */
  segments: Segment[];
  /** Stretches covered by two, and by three or more, annotations. */
  overlaps: { two: TextRange[]; three: TextRange[] };
}

export function buildCoverage(spans: readonly Span[], length: number): Coverage {
  const segments = splitSegments({ start: 0, end: length }, spans).filter((s) => s.ids.length > 0);
  const two: TextRange[] = [];
  const three: TextRange[] = [];
  const push = (list: TextRange[], s: Segment) => {
    const last = list[list.length - 1];
    if (last && last.end === s.start) last.end = s.end;
    else list.push({ start: s.start, end: s.end });
  };
  for (const s of segments) {
    if (s.ids.length >= 2) push(two, s);
    if (s.ids.length >= 3) push(three, s);
  }
  return { segments, overlaps: { two, three } };
}

/** Ids of the annotations covering code point `cp` (outermost first), [] when none does. */
export function idsAt(coverage: Coverage, cp: number): string[] {
  const segs = coverage.segments;
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segs[mid].end <= cp) lo = mid + 1;
    else hi = mid;
  }
  const s = segs[lo];
  return s && s.start <= cp && cp < s.end ? s.ids : [];
}
