// User-facing explanation of the document summary, shown in the UI next to the numbers.
// Keep it in step with summary.ts, claims.ts, interval.ts, ranking.ts and krippendorff.ts; the
// worked examples are computed with the same functions, so they cannot drift from the code.
import type { Classification } from "./classes";
import { wilsonInterval } from "./interval";
import { MINIMUM_CLAIMS } from "./summary";

export const SUMMARY_DEFINITIONS_TITLE = "How these numbers are computed";

/** What the UI says instead of the index below MINIMUM_CLAIMS checkable claims. */
export const TOO_FEW_CLAIMS = "too few claims to judge";

/** The index in words: "2 of 3 checkable claims are sourced" (or that there are none yet). */
export function claimsSentence(claims: Readonly<Record<Classification, number>>): string {
  const checkable = claims.sourced + claims.contested;
  if (checkable === 0) return "no checkable claims yet";
  return `${claims.sourced.toLocaleString("en")} of ${checkable.toLocaleString("en")} checkable ${checkable === 1 ? "claim is" : "claims are"} sourced`;
}

/** "21 to 94": the 95% interval of `sourced` of `checkable` claims on the 0–100 scale. */
function intervalWords(sourced: number, checkable: number): string {
  const { low, high } = wilsonInterval(sourced, checkable)!;
  return `${Math.round(low * 100)} to ${Math.round(high * 100)}`;
}

export const SUMMARY_DEFINITIONS: Array<{ term: string; text: string }> = [
  {
    term: "Claims",
    text:
      "A claim is a passage that reviewers marked. Annotations are the same claim when their passages overlap by at least " +
      "half of the shorter one, and so are annotations linked through such overlaps (one with a second, the second with a third). " +
      "A claim counts once, however many annotations mark it. Its class is the class most of its annotations give it; " +
      "if there is a tie, the more cautious class wins: contested before opinion, opinion before sourced. " +
      "When an editor has ruled on one of its annotations, the ruling decides: the claim takes the ruling's class " +
      "(with several rulings, the class most of them give, by the same tie rule).",
  },
  {
    term: "Reliability index",
    text:
      "Of the checkable claims (sourced or contested), the share that is sourced, shown from 0 to 100: " +
      `"${claimsSentence({ sourced: 2, contested: 1, opinion: 0 })}" is ${Math.round((2 / 3) * 100)}. It is 100 only when every one is sourced and 0 only when none is ` +
      "(199 of 200 is 99). Opinion claims are left out because they are not factual claims. " +
      "With no sourced or contested claim there is no index.",
  },
  {
    term: "95% interval",
    text:
      "An index resting on a few claims is uncertain. The interval is the range of values that the claims marked so far " +
      `leave plausible (a Wilson score interval, 95%). It narrows as claims are added: 2 of 3 sourced gives ${intervalWords(2, 3)}, ` +
      `20 of 30 gives ${intervalWords(20, 30)}. Below ${MINIMUM_CLAIMS} checkable claims the index is not shown as a number: ` +
      `the summary says "${TOO_FEW_CLAIMS}" and shows only the interval.`,
  },
  {
    term: "Sorting by reliability",
    text:
      "Most reliable first orders documents by the low end of their interval, least reliable first by its high end, " +
      "so a document with a claim or two cannot top either list. Documents without checkable claims come last.",
  },
  {
    term: "Publishers, kinds and all documents",
    text:
      "The claims of all their documents are counted together, and the index and its interval are computed from the totals. " +
      "The interval treats every claim as independent; claims from one publisher are not quite, so the real uncertainty is larger.",
  },
  {
    term: "Annotations",
    text:
      "How many annotations their authors marked sourced, contested or opinion (an editor's ruling changes the class of the claim, not this count, " +
      "so a class can have more claims than annotations). Deleted annotations are not counted, and neither are orphaned ones " +
      "(their passage is gone from the current version of the text) until someone places them again: the summary, like the figures " +
      "below, is of the text as it is now. The library counts every annotation, orphaned ones included.",
  },
  {
    term: "Reviewers",
    text: "How many different people wrote the annotations counted above.",
  },
  {
    term: "Coverage",
    text: "The part of the text that has at least one annotation, counted in characters. Every character counts once, even if several annotations cover it.",
  },
  {
    term: "Share of annotated text",
    text:
      "How the annotated text divides between the three classes, counted in characters; together they make 100%, " +
      "and a class that holds any of the annotated text shows at least 1%. " +
      "Where annotations overlap, a character takes the class that most of them give it, and a tie goes to the more cautious class. " +
      "Unlike the reliability index, this weighs a long passage more than a short one, and it counts the classes the annotations' " +
      "authors gave: an editor's ruling changes the claims and the index (and the colour of the passage, in the text and in the document strip), not this share.",
  },
  {
    term: "Reviewer agreement",
    text:
      "Where two or more reviewers annotated the same text, how often they chose the same class, " +
      "corrected for how often they would agree by chance (Krippendorff's alpha). " +
      "1 means full agreement, 0 means no better than chance, and below 0 means they systematically disagree. " +
      "Text annotated by only one reviewer is left out. With no such shared text there is no value.",
  },
  {
    term: "Open disputes",
    text:
      "How many disputes are still open, over all the annotations, orphaned ones included (they still wait for a decision). " +
      "A dispute is another reviewer's proposal of a different class; " +
      "it is resolved, and no longer counted, when the author adopts the proposed class or an editor rules on the annotation.",
  },
  {
    term: "Rulings",
    text: "How many annotations an editor has ruled on, orphaned ones included: a final class with the reasons for it.",
  },
  {
    term: "Disputed annotations",
    text:
      "Annotations with open disputes or replies, most open disputes first, then most replies, then in reading order. " +
      "An orphaned annotation is listed only while it has open disputes (they still wait for a decision), after placed ones with as many.",
  },
];
