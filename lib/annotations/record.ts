// The one annotation record (what the annotations store reads, whatever the engine) and its one mapping
// to the API's shapes. The exports map those shapes on (lib/export/native.ts, lib/export/w3c.ts).
// Names come from the people store (a separate aggregate), passed in as a lookup.
import type { NoteDoc } from "@/lib/notes/schema";
import { CLASSIFICATIONS, SPAN_FLAGS, type AnnotationDTO, type Classification, type DocumentSpans, type EvidenceDTO, type PersonRef, type ReplyDTO, type SpanTuple, type VerdictDTO } from "./types";

export interface VerdictRecord {
  annotationId: string;
  reviewerId: string;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationRecord {
  id: string;
  documentId: string;
  authorId: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  classification: Classification;
  /** Tiptap JSON as stored. */
  note: string;
  noteText: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  deletedById: string | null;
  evidence: EvidenceDTO[];
  verdicts: VerdictRecord[];
  replyCount: number;
}

/** What the reader's highlights and summary need of an annotation (lib/annotations/store.ts findDocumentSpans). */
export interface SpanRecord {
  id: string;
  start: number;
  end: number;
  classification: Classification;
  authorId: string;
  hasNote: boolean;
  hasEvidence: boolean;
  /** Changed since it was made (version > 1). */
  edited: boolean;
  agrees: number;
  disputes: number;
  replies: number;
}

export interface ReplyRecord {
  id: string;
  annotationId: string;
  authorId: string;
  /** Tiptap JSON as stored. */
  body: string;
  bodyText: string;
  createdAt: string;
  updatedAt: string;
}

/** A person's display name (and email, for exports that may carry it) by id. */
export type PeopleLookup = (id: string) => { name: string; email?: string } | undefined;

/** Evidence as stored (nullable columns) → the API's shape (absent, never null or empty). */
export function evidenceEntry(citation: string | null | undefined, url: string | null | undefined): EvidenceDTO {
  return { ...(citation ? { citation } : {}), ...(url ? { url } : {}) };
}

export const personRef = (id: string, people: PeopleLookup): PersonRef => ({ id, name: people(id)?.name ?? "Unknown reviewer" });

export function toVerdictDTO(v: VerdictRecord, people: PeopleLookup): VerdictDTO {
  return { reviewer: personRef(v.reviewerId, people), verdict: v.verdict, proposedClass: v.proposedClass, createdAt: v.createdAt, updatedAt: v.updatedAt };
}

export function toAnnotationDTO(a: AnnotationRecord, people: PeopleLookup): AnnotationDTO {
  let agrees = 0;
  let disputes = 0;
  for (const v of a.verdicts) {
    if (v.verdict === "agree") agrees++;
    else disputes++;
  }
  return {
    id: a.id,
    documentId: a.documentId,
    start: a.start,
    end: a.end,
    quote: a.quote,
    prefix: a.prefix,
    suffix: a.suffix,
    classification: a.classification,
    note: JSON.parse(a.note) as NoteDoc,
    noteText: a.noteText,
    evidence: a.evidence,
    author: personRef(a.authorId, people),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
    agrees,
    disputes,
    replyCount: a.replyCount,
    verdicts: a.verdicts.map((v) => toVerdictDTO(v, people)),
  };
}

export function toReplyDTO(r: ReplyRecord, people: PeopleLookup): ReplyDTO {
  return {
    id: r.id,
    annotationId: r.annotationId,
    body: JSON.parse(r.body) as NoteDoc,
    bodyText: r.bodyText,
    author: personRef(r.authorId, people),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Everyone a set of records names (authors, reviewers), for one people lookup. */
export function peopleOf(annotations: Iterable<AnnotationRecord>, replies: Iterable<ReplyRecord> = []): Set<string> {
  const ids = new Set<string>();
  for (const a of annotations) {
    ids.add(a.authorId);
    for (const v of a.verdicts) ids.add(v.reviewerId);
  }
  for (const r of replies) ids.add(r.authorId);
  return ids;
}

/** Span records → the reader's compact tuples, each author named once. */
export function toDocumentSpans(records: SpanRecord[], people: PeopleLookup): DocumentSpans {
  const authorIndex = new Map<string, number>();
  const spans = records.map((r): SpanTuple => {
    let author = authorIndex.get(r.authorId);
    if (author === undefined) authorIndex.set(r.authorId, (author = authorIndex.size));
    const flags = (r.hasNote ? SPAN_FLAGS.note : 0) | (r.hasEvidence ? SPAN_FLAGS.evidence : 0) | (r.edited ? SPAN_FLAGS.edited : 0);
    return [r.id, r.start, r.end, CLASSIFICATIONS.indexOf(r.classification), author, r.agrees, r.disputes, r.replies, flags];
  });
  return { authors: [...authorIndex.keys()].map((id) => personRef(id, people)), spans };
}
