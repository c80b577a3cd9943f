// The shapes annotations, replies and verdicts take in the API, the UI, the live stream and the exports.
import type { NoteDoc } from "@/lib/notes/schema";

export const CLASSIFICATIONS = ["sourced", "contested", "opinion"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface EvidenceDTO {
  citation?: string;
  url?: string;
}

export interface PersonRef {
  id: string;
  name: string;
}

/** How a dispute was resolved: the author adopted the proposed class, or an editor ruled on the annotation. */
export type DisputeResolution = "adopted" | "ruled";

export interface VerdictDTO {
  reviewer: PersonRef;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
  /** A dispute is "open" until resolved; an agree verdict is always "open" (nothing to resolve). */
  status: "open" | "resolved";
  resolvedAt: string | null;
  resolution: DisputeResolution | null;
  createdAt: string;
  updatedAt: string;
}

/** Kinds of suggested claims (lib/suggestions/suggest.ts), and the class each suggests. */
export const SUGGESTION_KINDS = ["likely-sourced", "likely-opinion", "check-sourcing"] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** An annotation accepted from a suggested claim: which kind it was and the reason it gave then. */
export interface SuggestionOrigin {
  kind: SuggestionKind;
  reason: string;
}

/** An editor's (or admin's) final class for an annotation, with the rationale; what a fact-check publishes. */
export interface RulingDTO {
  classification: Classification;
  /** Rich text (Tiptap JSON, the rules of lib/notes). */
  rationale: NoteDoc;
  rationaleText: string;
  /** Who set it last. */
  by: PersonRef;
  /** When it was last set (first ruled: createdAt). */
  at: string;
  createdAt: string;
}

export interface AnnotationDTO {
  id: string;
  documentId: string;
  start: number; // code points, inclusive
  end: number; // code points, exclusive
  quote: string;
  prefix: string;
  suffix: string;
  classification: Classification;
  note: NoteDoc;
  noteText: string;
  evidence: EvidenceDTO[];
  author: PersonRef;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Set when the annotation was accepted from a suggested claim; null when a reviewer chose the passage. */
  suggestion: SuggestionOrigin | null;
  /** Verdict counts and this reader's own verdict; replies count. */
  /** Agree verdicts, OPEN dispute verdicts (resolved ones are in `verdicts` only), live replies. */
  agrees: number;
  disputes: number;
  replyCount: number;
  verdicts: VerdictDTO[];
  /** The ruling, shown prominently; a ruled annotation's claim takes the ruling's class in the summary. */
  ruling: RulingDTO | null;
}

export interface ReplyDTO {
  id: string;
  annotationId: string;
  body: NoteDoc;
  bodyText: string;
  author: PersonRef;
  createdAt: string;
  updatedAt: string;
}
