// User-facing explanation of the document summary, shown in the UI next to the numbers.
// Keep it in step with summary.ts and krippendorff.ts.

export const SUMMARY_DEFINITIONS_TITLE = "How these numbers are computed";

export const SUMMARY_DEFINITIONS: Array<{ term: string; text: string }> = [
  {
    term: "Annotations",
    text: "How many annotations are marked sourced, contested or opinion. Deleted annotations are not counted.",
  },
  {
    term: "Reviewers",
    text: "How many different people wrote the annotations.",
  },
  {
    term: "Coverage",
    text: "The part of the text that has at least one annotation. Every character counts once, even if several annotations cover it.",
  },
  {
    term: "Class of a passage",
    text:
      "Where annotations overlap, a character takes the class that most of them give it. " +
      "If there is a tie, the more cautious class wins: contested before opinion, opinion before sourced.",
  },
  {
    term: "Sourced, contested and opinion shares",
    text: "How the annotated text divides between the three classes. Together they make 100%.",
  },
  {
    term: "Reliability index",
    text:
      "Of the text that makes checkable claims (sourced or contested), the part that is sourced. " +
      "It is shown from 0 to 100: 100 means every checked claim is backed by a source, 0 means none is. " +
      "Opinion is left out because it is not a factual claim. With no sourced or contested text there is no index.",
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
    term: "Disputed annotations",
    text:
      "Annotations that someone disputed or replied to, most disputes first, then most replies, then in reading order.",
  },
];
