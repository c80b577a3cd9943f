// The fast summary (typed arrays, one sorted sweep, claims from the same order) against a
// straightforward reference kept here: per code point, pairwise claims, plain filters and sorts.
// Same numbers, same claims, same order, same JSON, on a few hundred generated inputs with
// overlaps, ties, duplicates, rulings, disputes, empty and out-of-range spans.
import { describe, expect, test } from "vitest";
import { groupClaims, overlapsSubstantially, type Claim } from "./claims";
import { CoincidenceMatrix } from "./krippendorff";
import { wilsonInterval } from "./interval";
import { computeSummary, computeSummaryWithStrip, effectiveClassStrip, MINIMUM_CLAIMS, type Classification, type SummaryAnnotation, type SummaryInput } from "./summary";
import { rng } from "@/lib/testing/rng";

const CLASSES: Classification[] = ["sourced", "contested", "opinion"];

/** Majority of the counted items, ties to contested, then opinion, then sourced; null when none. */
function majority(items: Classification[]): Classification | null {
  if (items.length === 0) return null;
  const n = (c: Classification) => items.filter((x) => x === c).length;
  return (["contested", "opinion", "sourced"] as const).reduce((best, c) => (n(c) > n(best) ? c : best));
}

const clamp = (a: SummaryAnnotation, length: number) => ({ a, start: Math.max(0, Math.floor(a.start)), end: Math.min(length, Math.floor(a.end)) });
const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

function referenceClaims(annotations: SummaryAnnotation[], length: number): Claim[] {
  const spans = annotations
    .map((a) => clamp(a, length))
    .filter((s) => s.start < s.end)
    .sort((x, y) => x.start - y.start || x.end - y.end || byId(x.a.id, y.a.id));
  const parent = spans.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) if (overlapsSubstantially(spans[i], spans[j])) parent[find(i)] = find(j);
  const groups = new Map<number, typeof spans>();
  for (let i = 0; i < spans.length; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), spans[i]]);
  return [...groups.values()].map((members) => {
    const ruling = majority(members.flatMap((s) => (s.a.ruling ? [s.a.ruling] : [])));
    return {
      start: members[0].start,
      end: Math.max(...members.map((s) => s.end)),
      annotationIds: members.map((s) => s.a.id),
      classification: ruling ?? majority(members.map((s) => s.a.classification))!,
      ruled: ruling !== null,
    };
  });
}

function reference(input: SummaryInput) {
  const { documentId, length, annotations } = input;
  const counts = { sourced: 0, contested: 0, opinion: 0 };
  for (const a of annotations) counts[a.classification]++;
  const reviewers = new Set(annotations.map((a) => a.authorId)).size;
  const spans = annotations.map((a) => clamp(a, length)).filter((s) => s.start < s.end);
  const perClass = { sourced: 0, contested: 0, opinion: 0 };
  const strip: Array<{ start: number; end: number; classification: Classification }> = [];
  const units = new Map<string, { labels: number[]; weight: number }>();
  const paired = new Set<string>();
  let covered = 0;
  const from = Math.min(...spans.map((s) => s.start));
  const to = Math.max(...spans.map((s) => s.end));
  for (let p = from; p < to; p++) {
    const here = spans.filter((s) => s.start <= p && p < s.end).map((s) => s.a);
    if (here.length === 0) continue;
    covered++;
    const effective = majority(here.map((a) => a.classification))!;
    perClass[effective]++;
    // The strip draws each annotation in its ruling's class when it has one, as the reader's highlight.
    const drawn = majority(here.map((a) => a.ruling ?? a.classification))!;
    const last = strip.at(-1);
    if (last && last.end === p && last.classification === drawn) last.end = p + 1;
    else strip.push({ start: p, end: p + 1, classification: drawn });
    const authors = [...new Set(here.map((a) => a.authorId))];
    if (authors.length < 2) continue;
    for (const id of authors) paired.add(id);
    const values = authors.map((id) => majority(here.filter((a) => a.authorId === id).map((a) => a.classification))!);
    const labels = CLASSES.map((c) => values.filter((v) => v === c).length);
    const unit = units.get(labels.join()) ?? { labels, weight: 0 };
    unit.weight++;
    units.set(labels.join(), unit);
  }
  // Identical units are added once with their weight, in ascending (sourced, contested, opinion)
  // order: the summation order the summary promises, so that alpha is the same to the last bit.
  const matrix = new CoincidenceMatrix(3);
  const ordered = [...units.values()].sort((x, y) => x.labels[0] - y.labels[0] || x.labels[1] - y.labels[1] || x.labels[2] - y.labels[2]);
  for (const unit of ordered) matrix.addUnit(unit.labels, unit.weight);
  const claims = { sourced: 0, contested: 0, opinion: 0 };
  for (const claim of referenceClaims(annotations, length)) claims[claim.classification]++;
  const checkable = claims.sourced + claims.contested;
  const interval = wilsonInterval(claims.sourced, checkable);
  const disputes = (a: SummaryAnnotation) => a.disputes ?? 0;
  const replies = (a: SummaryAnnotation) => a.replies ?? 0;
  const summary = {
    documentId,
    length,
    counts,
    reviewers,
    coverage: length > 0 ? covered / length : 0,
    shares: {
      sourced: covered === 0 ? 0 : perClass.sourced / covered,
      contested: covered === 0 ? 0 : perClass.contested / covered,
      opinion: covered === 0 ? 0 : perClass.opinion / covered,
    },
    claims,
    reliability: checkable === 0 ? null : claims.sourced / checkable,
    reliabilityLow: interval?.low ?? null,
    reliabilityHigh: interval?.high ?? null,
    minimumClaims: MINIMUM_CLAIMS,
    agreement: matrix.alpha(),
    agreementReviewers: paired.size,
    openDisputes: annotations.reduce((n, a) => n + disputes(a), 0),
    rulings: annotations.filter((a) => a.ruling).length,
    disputed: annotations
      .filter((a) => disputes(a) > 0 || replies(a) > 0)
      .sort((x, y) => disputes(y) - disputes(x) || replies(y) - replies(x) || x.start - y.start || byId(x.id, y.id))
      .slice(0, Math.max(0, Math.floor(input.disputedLimit ?? 10)))
      .map((a) => ({ annotationId: a.id, disputes: disputes(a), replies: replies(a) })),
  };
  return { summary, strip };
}


/** A generated document: clustered spans (overlaps, shared starts and ends, copies), some empty or
 *  past the text's ends, a few fractional offsets, rulings, disputes and replies with ties. */
function generated(seed: number): SummaryInput {
  const r = rng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(r() * items.length)];
  const length = pick([0, 1, 7, 40, 120, 300]);
  const count = Math.floor(r() * pick([3, 12, 60, 150]));
  const reviewers = pick([1, 2, 3, 5, 8]);
  const anchors = Array.from({ length: 4 }, () => Math.floor(r() * (length + 1)));
  const annotations: SummaryAnnotation[] = [];
  for (let i = 0; i < count; i++) {
    const previous = annotations.length > 0 && r() < 0.15 ? pick(annotations) : null;
    let start = previous ? previous.start : r() < 0.5 ? pick(anchors) : Math.floor(r() * (length + 10)) - 5;
    let end = previous && r() < 0.5 ? previous.end : start + Math.floor(r() * pick([0, 3, 10, 60]));
    if (r() < 0.05) [start, end] = [end, start];
    if (r() < 0.03) start += 0.5;
    if (r() < 0.03) end -= 0.25;
    annotations.push({
      // Ids out of order and, now and then, sharing a prefix, so that ties fall to the id.
      id: `a${Math.floor(r() * 1000)}-${i}`,
      start,
      end,
      classification: pick(CLASSES),
      authorId: `reviewer-${Math.floor(r() * reviewers)}`,
      ...(r() < 0.3 ? { disputes: Math.floor(r() * 3) } : {}),
      ...(r() < 0.3 ? { replies: Math.floor(r() * 3) } : {}),
      ...(r() < 0.15 ? { ruling: pick(CLASSES) } : r() < 0.1 ? { ruling: null } : {}),
    });
  }
  return { documentId: `doc-${seed}`, length, annotations, ...(r() < 0.3 ? { disputedLimit: pick([0, 1, 3, 2.5, 50]) } : {}) };
}

describe("the summary equals the straightforward reference", () => {
  test("on 400 generated documents: summary, strip, both at once and the claims, to the last bit", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const input = generated(seed);
      const expected = reference(input);
      expect(JSON.stringify(computeSummary(input)), `seed ${seed}`).toBe(JSON.stringify(expected.summary));
      expect(effectiveClassStrip(input), `seed ${seed}`).toEqual(expected.strip);
      expect(JSON.stringify(computeSummaryWithStrip(input)), `seed ${seed}`).toBe(JSON.stringify({ ...expected.summary, strip: expected.strip }));
      expect(groupClaims(input.annotations, input.length), `seed ${seed}`).toEqual(referenceClaims(input.annotations, input.length));
    }
  });

  test("with more reviewers than the sweep's flat table of unit kinds holds (45)", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = rng(1000 + seed);
      const annotations: SummaryAnnotation[] = Array.from({ length: 200 }, (_, i) => {
        const start = Math.floor(r() * 100);
        return { id: `x${i}`, start, end: start + 1 + Math.floor(r() * 30), classification: CLASSES[Math.floor(r() * 3)], authorId: `r${Math.floor(r() * 45)}` };
      });
      const input = { documentId: "d", length: 120, annotations };
      expect(new Set(annotations.map((a) => a.authorId)).size).toBeGreaterThan(39);
      expect(JSON.stringify(computeSummaryWithStrip(input))).toBe(JSON.stringify({ ...reference(input).summary, strip: reference(input).strip }));
    }
  });

  test("on a text too long to pack its boundaries into one number (the comparator sort)", () => {
    // (length + 1) · 2 · spans ≥ 2^53: the spans sit near the end of a 10^15 code point text.
    const length = 1e15;
    const r = rng(77);
    const annotations: SummaryAnnotation[] = Array.from({ length: 40 }, (_, i) => {
      const start = length - 200 + Math.floor(r() * 150);
      return { id: `y${i}`, start, end: start + Math.floor(r() * 60), classification: CLASSES[i % 3], authorId: `r${i % 3}`, ruling: i % 7 === 0 ? "opinion" : null };
    });
    const input = { documentId: "d", length, annotations };
    const expected = reference(input);
    expect(JSON.stringify(computeSummary(input))).toBe(JSON.stringify(expected.summary));
    expect(effectiveClassStrip(input)).toEqual(expected.strip);
  });

  test("the input order does not matter", () => {
    const input = generated(4242);
    const expected = JSON.stringify(computeSummaryWithStrip(input));
    const reversed = { ...input, annotations: [...input.annotations].reverse() };
    expect(JSON.stringify(computeSummaryWithStrip(reversed))).toBe(expected);
  });

  test("an unknown classification is refused rather than summarised", () => {
    const annotations = [{ id: "bad", start: 0, end: 3, classification: "rumour" as Classification, authorId: "u" }];
    expect(() => computeSummary({ documentId: "d", length: 5, annotations })).toThrow(TypeError);
    expect(() => effectiveClassStrip({ length: 5, annotations })).toThrow(TypeError);
  });
});
