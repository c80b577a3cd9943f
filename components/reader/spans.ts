// The reader's own form of an annotation: what the highlights, the list's order and filters, the
// preview and the summary need. Built from the page's compact tuples and kept current from live events;
// the full records (note, evidence, verdicts) are fetched by id when a card shows them.
import { CLASSIFICATIONS, SPAN_FLAGS, decodeSpans, type AnnotationDTO, type Classification, type DocumentSpans, type SpansResponse } from "@/lib/annotations/types";
import { isEmptyNote } from "@/lib/notes/schema";

export interface Span {
  id: string;
  start: number;
  end: number;
  classification: Classification;
  authorId: string;
  agrees: number;
  disputes: number;
  replies: number;
  flags: number;
  /** An editor's ruling (the claim's class in the summary), if any. */
  ruling: Classification | null;
}

/** The page's inline spans, or the spans API's answer, as the reader's spans and author names. */
export function spansFrom(page: DocumentSpans | SpansResponse): { spans: Span[]; authors: Map<string, string> } {
  const authors = new Map(page.authors.map((p) => [p.id, p.name]));
  const tuples = typeof page.spans === "string" ? decodeSpans(page as DocumentSpans) : page.spans;
  const spans = tuples.map(([id, start, end, cls, author, agrees, disputes, replies, flags, ruling]) => ({
    id,
    start,
    end,
    classification: CLASSIFICATIONS[cls],
    authorId: page.authors[author].id,
    agrees,
    disputes,
    replies,
    flags,
    ruling: ruling >= 0 ? CLASSIFICATIONS[ruling] : null,
  }));
  return { spans, authors };
}

export function spanFromDto(a: AnnotationDTO): Span {
  return {
    id: a.id,
    start: a.start,
    end: a.end,
    classification: a.classification,
    authorId: a.author.id,
    agrees: a.agrees,
    disputes: a.disputes,
    replies: a.replyCount,
    flags: (isEmptyNote(a.note) ? 0 : SPAN_FLAGS.note) | (a.evidence.length ? SPAN_FLAGS.evidence : 0) | (a.version > 1 ? SPAN_FLAGS.edited : 0) | (a.anchor.state === "fuzzy" ? SPAN_FLAGS.fuzzy : 0),
    ruling: a.ruling?.classification ?? null,
  };
}

/** Document order: by start, a longer span first; otherwise the order they came in (the server's). */
export const byPosition = (a: Span, b: Span) => a.start - b.start || b.end - a.end;

/** Index of the first span starting at or after `cp` in spans sorted by position. */
export function firstStartingAt(spans: readonly Span[], cp: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].start < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
