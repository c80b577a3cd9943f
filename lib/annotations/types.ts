// The shapes annotations, replies and verdicts take in the API, the UI, the live stream and the exports.
import type { NoteDoc } from "@/lib/notes/schema";

export const CLASSIFICATIONS = ["sourced", "contested", "opinion"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** A claim's class: an editor's ruling when there is one, else its author's. The highlights, the
 * summary's claims and the reader's class filter all go by it; the author's class stays on the card. */
export const claimClass = (classification: Classification, ruling: Classification | null | undefined): Classification => ruling ?? classification;

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

export const ANCHOR_STATES = ["exact", "moved", "fuzzy", "orphaned"] as const;
/** How an annotation's placement on the current version was found (lib/anchoring/reanchor.ts). */
export type AnchorState = (typeof ANCHOR_STATES)[number];

/** A person's decision about a placement: accepted it, placed the annotation by hand, or left it orphaned. */
export interface AnchorResolutionDTO {
  action: "confirmed" | "re-placed" | "left-orphaned";
  by: PersonRef;
  at: string;
  /** With left-orphaned: why (plain text). */
  note?: string;
}

export interface AnchorDTO {
  state: AnchorState;
  /** The document version the placement is on (the current one, except in ?version=N listings). */
  version: number;
  /** fuzzy: how sure the re-anchoring is, 0–1. */
  score?: number;
  /** fuzzy, orphaned (and placements whose text changed): the quote before re-anchoring, as a person last saw it placed. */
  previousQuote?: string;
  /** A person's decision on this placement (cleared when a new version re-anchors it, except for one left orphaned that stays so). */
  resolution?: AnchorResolutionDTO;
}

/** A placed annotation (exact, moved or fuzzy): `quote` is the code point slice of the version's text at start–end. */
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
  anchor: AnchorDTO;
}

/** An orphaned annotation: no acceptable place in the version's text; it keeps its last quote and context. */
export type OrphanedAnnotationDTO = Omit<AnnotationDTO, "start" | "end"> & { start: null; end: null };

/** What the API answers for an annotation: placed, or orphaned (start and end null). */
export type AnyAnnotationDTO = AnnotationDTO | OrphanedAnnotationDTO;

export const isPlaced = (a: AnyAnnotationDTO): a is AnnotationDTO => a.start !== null;

/**
 * A page of a document's orphaned annotations (GET /api/documents/[id]/annotations?anchor=orphaned&limit=&cursor=),
 * in the order of their last placement: `rest` counts those after it (how many, and how many of those need a
 * check: nobody left them orphaned on purpose); nextCursor is null after the last page.
 */
export interface OrphanPageDTO {
  annotations: OrphanedAnnotationDTO[];
  nextCursor: string | null;
  rest: { count: number; needsCheck: number };
  /**
   * What the summary needs of the orphaned annotations not in this page that count in it (open disputes
   * or a ruling), so that the reader's summary counts them before their cards are fetched; empty when
   * this is the last page (the list then has every one).
   */
  summary: OrphanSummaryRow[];
  /**
   * Who wrote the orphaned annotations, every one's (for the list's Reviewer filter, which names them before
   * their cards are fetched); empty when this is the last page, and in a filtered one.
   */
  authors: PersonRef[];
}

/** The reader's filters of the orphaned annotations: the claim's class (a ruling's when there is one, as claimClass) and its author. */
export interface OrphanListFilter {
  classification?: Classification;
  authorId?: string;
}

/** An orphaned annotation as the summary counts it (in open disputes, the most disputed and rulings only). */
export interface OrphanSummaryRow {
  id: string;
  classification: Classification;
  authorId: string;
  /** Open disputes. */
  disputes: number;
  replies: number;
  /** The ruling's class, if it has one. */
  ruling: Classification | null;
}

/**
 * How many orphaned annotations the reader lists at first (usually all: a new version loses few passages),
 * and fetches at a time after that ("Show more").
 */
export const ORPHAN_PAGE = 500;

/**
 * One highlight as the reader page receives it, instead of the full record:
 * [id, start, end, class (index into CLASSIFICATIONS), author (index into DocumentSpans.authors),
 * agrees, open disputes, replies, flags (SPAN_FLAGS), ruling (index into CLASSIFICATIONS, -1: none)]. Notes, evidence and verdicts are fetched when shown.
 */
export type SpanTuple = [id: string, start: number, end: number, cls: number, author: number, agrees: number, disputes: number, replies: number, flags: number, ruling: number];
/** fuzzy: placed approximately by the last re-anchoring (anchor.state "fuzzy"), to be checked. */
export const SPAN_FLAGS = { note: 1, evidence: 2, edited: 4, fuzzy: 8 } as const;
/**
 * The reader page's spans: `spans` is the SpanTuple[] as JSON text. One string, not 10,000 arrays: the
 * page's payload serializer (React's) walks every value of an array, and at 10,000 annotations that
 * walk, and the page's own parse of it, cost more than the rest of the page (decodeSpans reads it).
 */
export interface DocumentSpans {
  authors: PersonRef[];
  spans: string;
}

export const decodeSpans = (page: DocumentSpans): SpanTuple[] => JSON.parse(page.spans) as SpanTuple[];

/** GET /api/documents/[id]/spans: the same spans, parsed (the tuples are written into the answer as they are). */
export interface SpansResponse {
  authors: PersonRef[];
  spans: SpanTuple[];
}

/**
 * What the reader page gets of its spans: `count` of them, and either the spans themselves (`inline`, for
 * a document with few) or null: then the page fetches them from `url` as it hydrates.
 */
export interface PageSpans {
  count: number;
  inline: DocumentSpans | null;
  url: string;
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
