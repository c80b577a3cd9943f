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

export interface VerdictDTO {
  reviewer: PersonRef;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
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
  agrees: number;
  disputes: number;
  replyCount: number;
  verdicts: VerdictDTO[];
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
