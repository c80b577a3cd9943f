// The one annotation record (what the annotations store reads, whatever the engine) and its one mapping
// to the API's shapes. The exports map those shapes on (lib/export/native.ts, lib/export/w3c.ts).
// Names come from the people store (a separate aggregate), passed in as a lookup.
import type { NoteDoc } from "@/lib/notes/schema";
import { CLASSIFICATIONS, SPAN_FLAGS, type AnchorDTO, type AnchorResolutionDTO, type AnchorState, type AnyAnnotationDTO, type Classification, type DisputeResolution, type EvidenceDTO, type PersonRef, type ReplyDTO, type RulingDTO, type SpanTuple, type SuggestionKind, type SuggestionOrigin, type VerdictDTO } from "./types";

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

/** What is stored about a placement beside its state (Annotation.anchorDetail, AnnotationPlacement.detail; JSON). */
export interface AnchorDetail {
  score?: number;
  previousQuote?: string;
  resolution?: { action: AnchorResolutionDTO["action"]; byId: string; at: string; note?: string };
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
  /** How start–end was found; orphaned: start, end, quote, prefix and suffix are the last placement's. */
  anchorState: AnchorState;
  /** The document version start and end refer to. */
  anchorVersion: number;
  anchorDetail: AnchorDetail | null;
}

/** An earlier state of an annotation (AnnotationRevision): what it was at `version`, until `editorId` changed it at `createdAt`. */
export interface RevisionRecord {
  version: number;
  editorId: string;
  createdAt: string;
  changed: string[];
  classification: Classification;
  note: string;
  noteText: string;
  evidence: EvidenceDTO[];
}

/** An earlier placement of an annotation (AnnotationPlacement), on document version `version`; orphaned: start and end are stale. */
export interface PlacementRecord {
  version: number;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  state: AnchorState;
  detail: AnchorDetail | null;
  supersededAt: string;
}

/** An annotation's revisions (oldest first) and earlier placements (in the order they were archived). */
export interface AnnotationHistory {
  revisions: RevisionRecord[];
  placements: PlacementRecord[];
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
  /** Open disputes only. */
  disputes: number;
  replies: number;
  /** The ruling's class, when an editor ruled. */
  ruling: Classification | null;
  /** Placed approximately by the last re-anchoring (anchor state "fuzzy"). */
  fuzzy: boolean;
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

export function toAnchorDTO(state: AnchorState, version: number, detail: AnchorDetail | null, people: PeopleLookup): AnchorDTO {
  const anchor: AnchorDTO = { state, version };
  if (detail?.score !== undefined) anchor.score = detail.score;
  if (detail?.previousQuote !== undefined) anchor.previousQuote = detail.previousQuote;
  const r = detail?.resolution;
  if (r) anchor.resolution = { action: r.action, by: personRef(r.byId, people), at: r.at, ...(r.note ? { note: r.note } : {}) };
  return anchor;
}

/** The API's shape; an orphaned annotation has start and end null. */
export function toAnnotationDTO(a: AnnotationRecord, people: PeopleLookup): AnyAnnotationDTO {
  let agrees = 0;
  let disputes = 0;
  for (const v of a.verdicts) {
    if (v.verdict === "agree") agrees++;
    else if (isOpenDispute(v)) disputes++;
  }
  return {
    id: a.id,
    documentId: a.documentId,
    ...(a.anchorState === "orphaned" ? { start: null, end: null } : { start: a.start, end: a.end }),
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
    anchor: toAnchorDTO(a.anchorState, a.anchorVersion, a.anchorDetail, people),
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
    if (a.anchorDetail?.resolution) ids.add(a.anchorDetail.resolution.byId);
  }
  for (const r of replies) ids.add(r.authorId);
  return ids;
}

/** Span records → the reader's compact tuples (DocumentSpans.spans), each author once, by index; their ids in order. */
export function toSpanTuples(records: SpanRecord[]): { authorIds: string[]; spans: string; ids: string[] } {
  const authorIndex = new Map<string, number>();
  const tuples = records.map((r): SpanTuple => {
    let author = authorIndex.get(r.authorId);
    if (author === undefined) authorIndex.set(r.authorId, (author = authorIndex.size));
    const flags = (r.hasNote ? SPAN_FLAGS.note : 0) | (r.hasEvidence ? SPAN_FLAGS.evidence : 0) | (r.edited ? SPAN_FLAGS.edited : 0) | (r.fuzzy ? SPAN_FLAGS.fuzzy : 0);
    return [r.id, r.start, r.end, CLASSIFICATIONS.indexOf(r.classification), author, r.agrees, r.disputes, r.replies, flags, r.ruling ? CLASSIFICATIONS.indexOf(r.ruling) : -1];
  });
  return { authorIds: [...authorIndex.keys()], spans: JSON.stringify(tuples), ids: records.map((r) => r.id) };
}
