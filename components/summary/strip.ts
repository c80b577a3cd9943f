// Segments of the document strip (minimap). Up to `max` runs are drawn exactly; a document with more
// runs than that (thousands of annotations) is drawn in `max` equal slices of the text, each showing the
// class that holds most of its annotated code points, so the strip never grows past `max` buttons.
import type { Classification } from "@/lib/summary";

export interface StripRun {
  start: number;
  end: number;
  classification: Classification;
}

export interface StripSegment extends StripRun {
  /** True when the segment summarises several runs (a slice of a busy document). */
  mixed: boolean;
}

// Ties go to the more cautious class, as in the summary itself.
const CAUTION: readonly Classification[] = ["contested", "opinion", "sourced"];

export function stripSegments(strip: ReadonlyArray<StripRun>, length: number, max = 160): StripSegment[] {
  if (strip.length <= max || length <= 0) return strip.map((r) => ({ ...r, mixed: false }));
  const size = length / max;
  const slices: StripSegment[] = [];
  let i = 0;
  for (let k = 0; k < max; k++) {
    const from = Math.floor(k * size);
    const to = k === max - 1 ? length : Math.floor((k + 1) * size);
    if (to <= from) continue;
    const held: Record<Classification, number> = { sourced: 0, contested: 0, opinion: 0 };
    let first = -1;
    let runs = 0;
    while (i < strip.length && strip[i].end <= from) i++;
    for (let j = i; j < strip.length && strip[j].start < to; j++) {
      const s = Math.max(from, strip[j].start);
      const e = Math.min(to, strip[j].end);
      if (e <= s) continue;
      held[strip[j].classification] += e - s;
      if (first < 0) first = s;
      runs++;
    }
    if (first < 0) continue;
    const classification = CAUTION.reduce((best, c) => (held[c] > held[best] ? c : best));
    const last = slices[slices.length - 1];
    // Neighbouring slices of the same class become one segment.
    if (last && last.end === from && last.classification === classification) {
      last.end = to;
      last.mixed = last.mixed || runs > 1;
    } else {
      slices.push({ start: first, end: to, classification, mixed: runs > 1 });
    }
  }
  return slices;
}
