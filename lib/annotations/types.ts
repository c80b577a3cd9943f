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
  /** Verdict counts and this reader's own verdict; replies count. */
  agrees: number;
  disputes: number;
  replyCount: number;
  verdicts: VerdictDTO[];
}

/**
 * One highlight as the reader page receives it, instead of the full record:
 * [id, start, end, class (index into CLASSIFICATIONS), author (index into DocumentSpans.authors),
 * agrees, disputes, replies, flags (SPAN_FLAGS)]. Notes, evidence and verdicts are fetched when shown.
 */
export type SpanTuple = [id: string, start: number, end: number, cls: number, author: number, agrees: number, disputes: number, replies: number, flags: number];
export const SPAN_FLAGS = { note: 1, evidence: 2, edited: 4 } as const;
export interface DocumentSpans {
  authors: PersonRef[];
  spans: SpanTuple[];
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
