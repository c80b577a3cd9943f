// Figure 7 of the benchmark: how well re-anchoring (lib/anchoring/reanchor.ts) follows edits. No
// server and no database: random annotations on the seed texts, one edit per annotation, placed
// on the edited text with the old text (a new version) and without it (an import). Then the time
// to re-anchor 1,000 annotations on a 500,000-character new version.
//
//   tsx scripts/bench/reanchor.ts [perSeed] [--timing-only]   prints progress; the last line is the result as JSON
//
// Every edit keeps track of where the annotated passage is in the new text (the "true" passage),
// and the bench checks that this is right before it counts anything.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { describeSpan } from "@/lib/anchoring/quote";
import { matchingForm } from "@/lib/anchoring/normalize";
import { similarity } from "@/lib/anchoring/align";
import { equalBlocks } from "@/lib/anchoring/textdiff";
import { reanchor, type OldAnchor, type Placement } from "@/lib/anchoring/reanchor";
import { rng } from "@/lib/testing/rng";

const args = process.argv.slice(2);
const PER_SEED = Number(args.find((a) => /^\d+$/.test(a)) ?? 200);
const TIMING_ONLY = args.includes("--timing-only");
const SEEDS_DIR = path.join(process.cwd(), "seeds");

export const EDIT_TYPES = [
  "insert-before",
  "delete-sentence-elsewhere",
  "typos-fixed",
  "reflow",
  "quotes-dashes",
  "word-replaced",
  "passage-deleted",
  "passage-duplicated",
] as const;
type EditType = (typeof EDIT_TYPES)[number];

// ---------------------------------------------------------------------------------------------
// Randomness and text helpers (code point arrays throughout)

const isWs = (c: string | undefined) => c !== undefined && /\s/u.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);

interface Span {
  start: number;
  end: number;
}

interface Edit {
  at: number;
  del: number;
  ins: string[];
}

/**
 * Applies non-overlapping edits. Boundaries move like this: a passage's start moves with every edit
 * that ends at or before it (an insertion right at the start goes before the passage); its end with
 * every edit that begins before it and ends at or before it (an insertion right at the end goes after).
 */
function applyEdits(cps: string[], edits: Edit[]): { cps: string[]; start: (p: number) => number; end: (p: number) => number } {
  const sorted = [...edits].sort((x, y) => x.at - y.at);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].at < sorted[i - 1].at + sorted[i - 1].del) throw new Error("overlapping edits");
  const out: string[] = [];
  let i = 0;
  for (const e of sorted) {
    for (; i < e.at; i++) out.push(cps[i]);
    out.push(...e.ins);
    i = e.at + e.del;
  }
  for (; i < cps.length; i++) out.push(cps[i]);
  const delta = (e: Edit) => e.ins.length - e.del;
  return {
    cps: out,
    start: (p) => p + sorted.filter((e) => e.at + e.del <= p).reduce((s, e) => s + delta(e), 0),
    end: (p) => p + sorted.filter((e) => e.at < p && e.at + e.del <= p).reduce((s, e) => s + delta(e), 0),
  };
}

function mapSpan(r: ReturnType<typeof applyEdits>, s: Span): Span {
  return { start: r.start(s.start), end: r.end(s.end) };
}

/** A random passage of 10–300 code points that starts at a word and ends after one. */
function randomSpan(cps: string[], random: () => number): Span {
  for (;;) {
    const length = 10 + Math.floor(random() * 291);
    let start = Math.floor(random() * (cps.length - 10));
    while (start > 0 && !isWs(cps[start - 1])) start--;
    if (isWs(cps[start])) continue;
    let end = Math.min(cps.length, start + length);
    while (end > start && end < cps.length && !isWs(cps[end])) end--;
    while (end > start && isWs(cps[end - 1])) end--;
    if (end - start >= 10 && end - start <= 300) return { start, end };
  }
}

/** Sentences as code point ranges (text up to . ! ? and closing quotes, with the whitespace after). */
function sentences(cps: string[]): Span[] {
  const text = cps.join("");
  const out: Span[] = [];
  const re = /[^.!?\n]+[.!?]+["”’)]*[ \t]*\n*/gu;
  // code point offsets of UTF-16 indices
  const cpAt: number[] = [];
  for (let i = 0, cp = 0; i <= text.length; ) {
    cpAt[i] = cp;
    const c = text.codePointAt(i);
    i += c !== undefined && c > 0xffff ? 2 : 1;
    cp++;
  }
  for (const m of text.matchAll(re)) {
    const s = cpAt[m.index!];
    const e = cpAt[m.index! + m[0].length];
    if (s !== undefined && e !== undefined && e - s >= 15) out.push({ start: s, end: e });
  }
  return out;
}

function wordStarts(cps: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) if (!isWs(cps[i]) && (i === 0 || isWs(cps[i - 1]))) out.push(i);
  return out;
}

// Typographic versions of a text: every quote and dash straight, or every one curly ("smart").
function straightEdits(cps: string[]): Edit[] {
  const edits: Edit[] = [];
  cps.forEach((c, at) => {
    const to = { "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "--", "–": "-" }[c];
    if (to !== undefined) edits.push({ at, del: 1, ins: [...to] });
  });
  return edits;
}

function curlyEdits(cps: string[]): Edit[] {
  const edits: Edit[] = [];
  for (let at = 0; at < cps.length; at++) {
    const c = cps[at];
    const opening = at === 0 || isWs(cps[at - 1]) || "([{—–".includes(cps[at - 1]);
    if (c === '"') edits.push({ at, del: 1, ins: [opening ? "“" : "”"] });
    else if (c === "'") edits.push({ at, del: 1, ins: [opening ? "‘" : "’"] });
    else if (c === "-" && cps[at + 1] === "-") {
      edits.push({ at, del: 2, ins: ["—"] });
      at++;
    } else if (c === "-" && cps[at - 1] === " " && cps[at + 1] === " ") edits.push({ at, del: 1, ins: ["–"] });
  }
  return edits;
}

// ---------------------------------------------------------------------------------------------
// One trial: an old text with an annotated passage, the new text, and where the passage is now

interface Trial {
  type: EditType;
  oldText: string;
  old: Span;
  newText: string;
  /** The passage in the new text; null when it was deleted. */
  truth: Span | null;
}

function makeTrial(type: EditType, seedCps: string[], others: string[][], random: () => number): Trial {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const join = (c: string[]) => c.join("");
  let span = randomSpan(seedCps, random);
  const trial = (oldCps: string[], old: Span, r: ReturnType<typeof applyEdits>, truth: Span | null): Trial => ({
    type,
    oldText: join(oldCps),
    old,
    newText: join(r.cps),
    truth,
  });

  switch (type) {
    case "insert-before": {
      // half the time within 64 code points of the passage (its prefix changes), else anywhere before it
      const starts = wordStarts(seedCps).filter((p) => p <= span.start && (random() < 0.5 ? span.start - p <= 64 : true));
      const at = starts.length ? pick(starts) : 0;
      const donor = pick(others);
      const sentence = pick(sentences(donor));
      const ins = [...donor.slice(sentence.start, sentence.end)];
      while (isWs(ins[ins.length - 1])) ins.pop();
      ins.push(" ");
      const r = applyEdits(seedCps, [{ at, del: 0, ins }]);
      return trial(seedCps, span, r, mapSpan(r, span));
    }
    case "delete-sentence-elsewhere": {
      const all = sentences(seedCps).filter((s) => s.end <= span.start || s.start >= span.end);
      const adjacent = all.filter((s) => s.end === span.start || s.start === span.end || Math.abs(s.end - span.start) <= 2 || Math.abs(s.start - span.end) <= 2);
      const s = adjacent.length && random() < 0.5 ? pick(adjacent) : pick(all);
      const r = applyEdits(seedCps, [{ at: s.start, del: s.end - s.start, ins: [] }]);
      return trial(seedCps, span, r, mapSpan(r, span));
    }
    case "typos-fixed": {
      // the old text had 1–3 typos inside the passage; the new one is the seed
      const letters: number[] = [];
      for (let p = span.start; p < span.end; p++) if (isLetter(seedCps[p])) letters.push(p);
      const count = 1 + Math.floor(random() * 3);
      const used = new Set<number>();
      const edits: Edit[] = [];
      for (let tries = 0; edits.length < count && tries < 50; tries++) {
        const p = pick(letters);
        if (used.has(p) || used.has(p + 1) || used.has(p - 1)) continue;
        used.add(p);
        const kind = Math.floor(random() * 4);
        const other = "etaoinshrdlu"[Math.floor(random() * 12)];
        if (kind === 0) edits.push({ at: p, del: 1, ins: [other === seedCps[p] ? "x" : other] }); // wrong letter
        else if (kind === 1 && span.end - span.start > 10) edits.push({ at: p, del: 1, ins: [] }); // missing letter
        else if (kind === 2 && p > span.start) edits.push({ at: p, del: 0, ins: [other] }); // extra letter
        else if (isLetter(seedCps[p + 1]) && p + 1 < span.end && seedCps[p + 1] !== seedCps[p]) {
          edits.push({ at: p, del: 2, ins: [seedCps[p + 1], seedCps[p]] }); // swapped letters
          used.add(p + 1);
        } else edits.push({ at: p, del: 1, ins: [seedCps[p] === "x" ? "y" : "x"] });
      }
      const typo = applyEdits(seedCps, edits);
      return { type, oldText: join(typo.cps), old: mapSpan(typo, span), newText: join(seedCps), truth: span };
    }
    case "reflow": {
      // whitespace in and around the passage re-broken: spaces become line breaks or double spaces,
      // single line breaks become spaces (paragraph breaks stay)
      const from = Math.max(0, span.start - 300);
      const to = Math.min(seedCps.length, span.end + 300);
      const edits: Edit[] = [];
      for (let p = from; p < to; ) {
        if (!isWs(seedCps[p])) {
          p++;
          continue;
        }
        let q = p;
        while (q < seedCps.length && isWs(seedCps[q])) q++;
        const run = seedCps.slice(p, q).join("");
        if (!run.includes("\n\n") && random() < 0.6) edits.push({ at: p, del: q - p, ins: [...pick([" ", "\n", "  ", " \n", "\n "].filter((x) => x !== run))] });
        p = q;
      }
      const r = applyEdits(seedCps, edits);
      return trial(seedCps, span, r, mapSpan(r, span));
    }
    case "quotes-dashes": {
      // a passage with a quote or dash in it or next to it, in a text whose quotes and dashes all
      // change: straight → curly or curly → straight
      const curly = applyEdits(seedCps, curlyEdits(seedCps));
      const straight = applyEdits(seedCps, straightEdits(seedCps));
      for (let tries = 0; tries < 500; tries++) {
        const a = mapSpan(curly, span);
        const b = mapSpan(straight, span);
        if (curly.cps.slice(a.start - 8, a.end + 8).join("") !== straight.cps.slice(b.start - 8, b.end + 8).join("")) break;
        span = randomSpan(seedCps, random);
      }
      const toCurly = random() < 0.5;
      const from = toCurly ? straight : curly;
      const old = mapSpan(from, span);
      const r = applyEdits(from.cps, toCurly ? curlyEdits(from.cps) : straightEdits(from.cps));
      return { type, oldText: join(from.cps), old, newText: join(r.cps), truth: mapSpan(r, old) };
    }
    case "word-replaced": {
      const words: Span[] = [];
      for (let p = span.start; p < span.end; ) {
        if (!isLetter(seedCps[p])) {
          p++;
          continue;
        }
        let q = p;
        while (q < span.end && isLetter(seedCps[q])) q++;
        words.push({ start: p, end: q });
        p = q;
      }
      const vocabulary = [...new Set(seedCps.join("").match(/\p{L}{3,}/gu) ?? [])];
      const w = pick(words);
      const was = seedCps.slice(w.start, w.end).join("");
      let now = pick(vocabulary);
      while (now.toLowerCase() === was.toLowerCase()) now = pick(vocabulary);
      const r = applyEdits(seedCps, [{ at: w.start, del: w.end - w.start, ins: [...now] }]);
      return trial(seedCps, span, r, mapSpan(r, span));
    }
    case "passage-deleted": {
      const del = span.end - span.start + (isWs(seedCps[span.end]) ? 1 : 0);
      const r = applyEdits(seedCps, [{ at: span.start, del, ins: [] }]);
      return trial(seedCps, span, r, null);
    }
    case "passage-duplicated": {
      // a copy somewhere at least 200 code points away from the passage
      const starts = wordStarts(seedCps).filter((p) => p <= span.start - 200 || p >= span.end + 200);
      const at = starts.length ? pick(starts) : 0;
      const ins = [...seedCps.slice(span.start, span.end), " "];
      const r = applyEdits(seedCps, [{ at, del: 0, ins }]);
      return trial(seedCps, span, r, mapSpan(r, span));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring

type Outcome = "exact" | "overlapping" | "wrong" | "orphaned" | "similar";

const cpSliceOf = (text: string, s: Span) => [...text].slice(s.start, s.end).join("");

function outcome(t: Trial, p: Placement): Outcome {
  if (p.start === null) return "orphaned";
  if (t.truth === null) {
    // the passage is gone: only a fuzzy placement on a similar passage is right
    const close = similarity(matchingForm(p.previousQuote), matchingForm(p.quote!)) >= 0.75;
    return p.state === "fuzzy" && close ? "similar" : "wrong";
  }
  if (p.start === t.truth.start && p.end === t.truth.end) return "exact";
  return p.start < t.truth.end && p.end > t.truth.start ? "overlapping" : "wrong";
}

interface TypeResult {
  type: EditType;
  n: number;
  outcomes: Record<Outcome, number>;
  states: Record<Placement["state"], number>;
  /** Wrong placements that were not flagged fuzzy (must be 0). */
  wrongNotFuzzy: number;
  ms: number;
  examples: Array<{ outcome: Outcome; state: string; old: string; placed: string | null; truth: string | null }>;
}

function run(trials: Trial[], withOldText: boolean): TypeResult[] {
  return EDIT_TYPES.map((type) => {
    const mine = trials.filter((t) => t.type === type);
    const result: TypeResult = {
      type,
      n: mine.length,
      outcomes: { exact: 0, overlapping: 0, wrong: 0, orphaned: 0, similar: 0 },
      states: { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 },
      wrongNotFuzzy: 0,
      ms: 0,
      examples: [],
    };
    for (const t of mine) {
      const selectors: OldAnchor = { start: t.old.start, end: t.old.end, ...describeSpan(t.oldText, t.old.start, t.old.end) };
      const t0 = performance.now();
      const [p] = reanchor({ text: t.newText, oldText: withOldText ? t.oldText : undefined, annotations: [selectors] });
      result.ms += performance.now() - t0;
      if (p.start !== null && p.quote !== cpSliceOf(t.newText, p)) throw new Error("placed quote is not the slice of the new text");
      const o = outcome(t, p);
      result.outcomes[o]++;
      result.states[p.state]++;
      if (o === "wrong" && p.state !== "fuzzy") result.wrongNotFuzzy++;
      if ((o === "wrong" || (o !== "exact" && t.truth !== null)) && result.examples.length < 4) {
        result.examples.push({ outcome: o, state: p.state, old: selectors.quote, placed: p.quote, truth: t.truth && cpSliceOf(t.newText, t.truth) });
      }
    }
    result.ms = Math.round(result.ms);
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Timing: 1,000 annotations on a 500,000-character new version

/** How much of one core this process gets now (1 = idle), as scripts/bench/lib.mjs measures it. */
function cpuShare(cpuMs = 300): number {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100_000; i++) x += Math.sqrt(i);
    const used = process.cpuUsage(c0);
    if ((used.user + used.system) / 1000 >= cpuMs && x > 0) break;
  }
  return Math.round((cpuMs / (performance.now() - t0)) * 100) / 100;
}

/** A text of about `length` code points made from the seeds by a word-trigram chain (English-like, no long repeats). */
function generatedText(seeds: string[], length: number, random: () => number): string {
  const tokens = seeds.flatMap((s) => s.split(/(\n\n+)| +/u).filter((x) => x !== undefined && x !== "" && x !== " "));
  const next = new Map<string, string[]>();
  for (let i = 2; i < tokens.length; i++) {
    const key = `${tokens[i - 2]} ${tokens[i - 1]}`;
    const list = next.get(key);
    if (list) list.push(tokens[i]);
    else next.set(key, [tokens[i]]);
  }
  const out: string[] = [];
  let size = 0;
  let [a, b] = [tokens[0], tokens[1]];
  while (size < length) {
    const options = next.get(`${a} ${b}`);
    let c: string;
    if (!options) {
      const i = Math.floor(random() * (tokens.length - 3));
      [a, b, c] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    } else c = options[Math.floor(random() * options.length)];
    out.push(c);
    size += [...c].length + 1;
    [a, b] = [b, c];
  }
  return out.join(" ").replace(/ ?(\n\n+) ?/g, "$1");
}

function timing(seeds: string[], random: () => number) {
  const oldText = generatedText(seeds, 500_000, random);
  const oldCps = [...oldText];
  const oldIndex = new CodePointIndex(oldText);
  const seedCps = seeds.map((s) => [...s]);
  const seedSentences = seedCps.map((cps) => sentences(cps));
  // 1,000 annotations, and a revision with 1,000 edits: one of each kind per eight annotations
  const annotations: OldAnchor[] = [];
  const edits: Edit[] = [];
  const taken: Span[] = [];
  const used = new Uint8Array(oldCps.length + 1); // code points covered by an annotation or an edit (and one either side)
  const free = (s: Span) => {
    for (let p = Math.max(0, s.start - 1); p <= Math.min(oldCps.length, s.end + 1); p++) if (used[p]) return false;
    return true;
  };
  const take = (s: Span) => {
    taken.push(s);
    used.fill(1, s.start, s.end);
  };
  while (annotations.length < 1000) {
    const span = randomSpan(oldCps, random);
    if (!free(span)) continue;
    take(span);
    annotations.push({ start: span.start, end: span.end, ...describeSpan(oldIndex, span.start, span.end) });
  }
  // inside annotated passages: typos, a replaced word, the passage deleted; elsewhere: insertions,
  // deletions, reflow, quotes and dashes, copies of annotated passages
  for (let i = 0; i < 1000; i++) {
    const kind = i % 8;
    const own = taken[i];
    if (kind === 2) edits.push({ at: own.start + 3, del: 1, ins: ["x"] });
    else if (kind === 5) edits.push({ at: own.start, del: 4, ins: [..."word"] });
    else if (kind === 6) edits.push({ at: own.start, del: own.end - own.start, ins: [] });
    else {
      let span = randomSpan(oldCps, random);
      while (!free(span)) span = randomSpan(oldCps, random);
      take(span);
      const passage = oldCps.slice(span.start, span.end).join("");
      const donor = seedCps[i % seedCps.length];
      const s = seedSentences[i % seedCps.length][Math.floor(random() * 20)] ?? { start: 0, end: 40 };
      if (kind === 0) edits.push({ at: span.start, del: 0, ins: [...donor.slice(s.start, s.end), " "] });
      else if (kind === 1) edits.push({ at: span.start, del: span.end - span.start, ins: [] });
      else if (kind === 3) edits.push({ at: span.start, del: span.end - span.start, ins: [...passage.replace(/ /g, "\n")] });
      else if (kind === 4) edits.push({ at: span.start, del: span.end - span.start, ins: [...passage.replace(/[“”]/g, '"').replace(/—/g, "--")] });
      else edits.push({ at: span.start, del: 0, ins: [...annotations[i].quote, " "] });
    }
  }
  const newText = applyEdits(oldCps, edits).cps.join("");
  const measure = (withOld: boolean) => {
    const runs: Array<{ ms: number; cpuMs: number; states: Record<string, number> }> = [];
    for (let r = 0; r < 3; r++) {
      // fresh strings each run, so nothing is cached between runs
      const text = newText.slice(0, 1) + newText.slice(1);
      const old = oldText.slice(0, 1) + oldText.slice(1);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const placed = reanchor({ text, oldText: withOld ? old : undefined, annotations });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const states = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
      for (const p of placed) states[p.state]++;
      runs.push({ ms, cpuMs: (c.user + c.system) / 1000, states });
    }
    runs.sort((x, y) => x.ms - y.ms);
    const median = runs[1];
    return { ms: Math.round(median.ms), cpuMs: Math.round(median.cpuMs), runsMs: runs.map((x) => Math.round(x.ms)), states: median.states };
  };
  const d0 = performance.now();
  equalBlocks(matchingForm(oldText), matchingForm(newText));
  const diffMs = Math.round(performance.now() - d0);
  return {
    annotations: annotations.length,
    newLength: [...newText].length,
    edits: edits.length,
    cpuShareBefore: cpuShare(),
    withOldText: measure(true),
    withoutOldText: measure(false),
    cpuShareAfter: cpuShare(),
    normaliseAndDiffMs: diffMs,
  };
}

// ---------------------------------------------------------------------------------------------

const manifest = JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, "manifest.json"), "utf8")) as { documents: Array<{ file: string }> };
const seeds = manifest.documents.map((d) => fs.readFileSync(path.join(SEEDS_DIR, d.file), "utf8").replace(/\r\n?/g, "\n"));
const random = rng(7007);
const trials: Trial[] = [];
for (const type of TIMING_ONLY ? [] : EDIT_TYPES) {
  seeds.forEach((seed, i) => {
    const cps = [...seed];
    const others = seeds.filter((_, j) => j !== i).map((s) => [...s]);
    for (let n = 0; n < PER_SEED; n++) {
      const t = makeTrial(type, cps, others, random);
      // the bench's own bookkeeping must be right before it judges anything
      const oldQuote = cpSliceOf(t.oldText, t.old);
      if (t.truth) {
        const now = cpSliceOf(t.newText, t.truth);
        const same = matchingForm(now) === matchingForm(oldQuote);
        const expectSame = !["typos-fixed", "word-replaced"].includes(type);
        if (expectSame !== same) throw new Error(`bench bookkeeping: ${type}: old ${JSON.stringify(oldQuote)} new ${JSON.stringify(now)}`);
      }
      trials.push(t);
    }
  });
}
console.error(`re-anchoring: ${trials.length} trials (${PER_SEED} per seed and edit type), with and without the old text`);
const withOldText = run(trials, true);
const withoutOldText = run(trials, false);
console.error("timing 1,000 annotations on a 500,000-character version");
const perf = timing(seeds, rng(99));
console.log(JSON.stringify({ perSeed: PER_SEED, seeds: seeds.length, withOldText, withoutOldText, timing: perf }));
