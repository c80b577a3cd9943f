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

export interface ReplyDTO {
  id: string;
  annotationId: string;
  body: NoteDoc;
  bodyText: string;
  author: PersonRef;
  createdAt: string;
  updatedAt: string;
}
