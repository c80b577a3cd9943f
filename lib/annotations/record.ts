// The one annotation record (what the annotations store reads, whatever the engine) and its one mapping
// to the API's shapes. The exports map those shapes on (lib/export/native.ts, lib/export/w3c.ts).
// Names come from the people store (a separate aggregate), passed in as a lookup.
import type { NoteDoc } from "@/lib/notes/schema";
import type { AnnotationDTO, Classification, DisputeResolution, EvidenceDTO, PersonRef, ReplyDTO, RulingDTO, SuggestionKind, SuggestionOrigin, VerdictDTO } from "./types";

export interface VerdictRecord {
  annotationId: string;
  reviewerId: string;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
  createdAt: string;
  updatedAt: string;
  /** Set when a dispute was resolved (null while open, and for agree verdicts). */
  resolvedAt: string | null;
  resolution: DisputeResolution | null;
}

export interface RulingRecord {
  annotationId: string;
  editorId: string;
  classification: Classification;
  /** Tiptap JSON as stored. */
  rationale: string;
  rationaleText: string;
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
  /** Accepted from a suggested claim (both set) or not (both null). */
  suggestionKind: SuggestionKind | null;
  suggestionReason: string | null;
  evidence: EvidenceDTO[];
  verdicts: VerdictRecord[];
  replyCount: number;
  ruling: RulingRecord | null;
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

/** The stored suggestion columns → the API's shape. */
export function suggestionOrigin(kind: SuggestionKind | null, reason: string | null): SuggestionOrigin | null {
  return kind === null ? null : { kind, reason: reason ?? "" };
}

export const personRef = (id: string, people: PeopleLookup): PersonRef => ({ id, name: people(id)?.name ?? "Unknown reviewer" });

/** An open dispute: counted, listed on the open disputes page, shown as open. */
export const isOpenDispute = (v: Pick<VerdictRecord, "verdict" | "resolvedAt">) => v.verdict === "dispute" && v.resolvedAt === null;

export function toVerdictDTO(v: VerdictRecord, people: PeopleLookup): VerdictDTO {
  return {
    reviewer: personRef(v.reviewerId, people),
    verdict: v.verdict,
    proposedClass: v.proposedClass,
    status: v.resolvedAt === null ? "open" : "resolved",
    resolvedAt: v.resolvedAt,
    resolution: v.resolution,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export function toRulingDTO(r: RulingRecord, people: PeopleLookup): RulingDTO {
  return {
    classification: r.classification,
    rationale: JSON.parse(r.rationale) as NoteDoc,
    rationaleText: r.rationaleText,
    by: personRef(r.editorId, people),
    at: r.updatedAt,
    createdAt: r.createdAt,
  };
}

export function toAnnotationDTO(a: AnnotationRecord, people: PeopleLookup): AnnotationDTO {
  let agrees = 0;
  let disputes = 0;
  for (const v of a.verdicts) {
    if (v.verdict === "agree") agrees++;
    else if (isOpenDispute(v)) disputes++;
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
    suggestion: suggestionOrigin(a.suggestionKind, a.suggestionReason),
    agrees,
    disputes,
    replyCount: a.replyCount,
    verdicts: a.verdicts.map((v) => toVerdictDTO(v, people)),
    ruling: a.ruling ? toRulingDTO(a.ruling, people) : null,
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
    if (a.ruling) ids.add(a.ruling.editorId);
  }
  for (const r of replies) ids.add(r.authorId);
  return ids;
}
