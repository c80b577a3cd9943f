import "server-only";
// Suggested claims of a document (opt-in in the reader): computed on demand from its text and structure
// (suggest.ts), kept in memory per document and version of its text (both immutable), never stored.
// Each reviewer sees them without the ones they dismissed and without the passages anyone has
// annotated already (filter.ts: the claims' "substantial overlap"). Dismissals are remembered per
// reviewer; accepting one is an ordinary annotation create with `fromSuggestion: true`, which records
// the suggestion's kind and reason on the annotation (suggestionOrigin below).
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canWrite, type CurrentUser } from "@/lib/auth/roles";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { findTextAndStructure } from "@/lib/documents/service";
import { findLiveVersion } from "@/lib/documents/store";
import { findAnnotationSpans } from "@/lib/annotations/store";
import type { SuggestionOrigin } from "@/lib/annotations/types";
import { write } from "@/lib/store/transaction";
import { annotatedSuggestions, suggestionForSpan } from "./filter";
import { deleteDismissal, findDismissals, insertDismissal } from "./store";
import { MAX_SUGGESTIONS, suggestClaims, type Suggestion } from "./suggest";

type Actor = Pick<CurrentUser, "id" | "role">;

/** A suggestion as the API gives it: the sentence's span and text, its kind, class and reason, what triggered it. */
export interface SuggestionDTO extends Suggestion {
  /** The sentence (the code point slice of the text at start–end). */
  quote: string;
  /** Only with `includeDismissed`: whether this reviewer dismissed it. */
  dismissed: boolean;
  /** Only with `includeAnnotated`: whether someone annotated the passage already (by half or more of it). */
  annotated: boolean;
}

export interface SuggestionsResult {
  documentId: string;
  /** The version of the text the offsets point into (1: the text as added). */
  version: number;
  suggestions: SuggestionDTO[];
  counts: {
    /** Suggestions of the text (before leaving any out). */
    total: number;
    /** Annotated already (left out unless asked for). */
    annotated: number;
    /** Dismissed by this reviewer (and not annotated); left out unless asked for. */
    dismissed: number;
  };
  /** True when the text has more candidate sentences than MAX_SUGGESTIONS (the first ones are given). */
  truncated: boolean;
}

interface Computed {
  version: number;
  list: Array<Suggestion & { quote: string }>;
}

// By document, version and text hash, least recently used first. A text's suggestions take at most about
// the text's size. Every lookup first reads which text the document has now (one small query), so a
// version added meanwhile, by this process or another, is never answered from the older text.
const cache = new Map<string, Computed>();
const CACHE_DOCUMENTS = 16;

async function suggestionsOf(documentId: string): Promise<Computed> {
  const now = await findLiveVersion(documentId);
  if (now === null) throw notFound("Document");
  const key = `${documentId}\u0000${now.version}\u0000${now.textHash}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const { text, version, structure } = await findTextAndStructure(documentId);
  const index = new CodePointIndex(text);
  const list = suggestClaims(text, structure).map((s) => ({ ...s, quote: text.slice(index.toUtf16(s.start), index.toUtf16(s.end)) }));
  const computed = { version, list };
  if (version === now.version) cache.set(key, computed); // else a version arrived in between: not kept under the older key
  if (cache.size > CACHE_DOCUMENTS) cache.delete(cache.keys().next().value!);
  return computed;
}

/**
 * GET /api/documents/[id]/suggestions: the document's suggested claims for this reader, in document
 * order, without passages annotated already and without the ones they dismissed (with
 * `includeDismissed`, those are given too, marked `dismissed: true`, so they can be brought back;
 * with `includeAnnotated`, the annotated ones, marked `annotated: true`).
 */
export async function listSuggestions(options: {
  user: Actor;
  documentId: string;
  includeDismissed?: boolean;
  includeAnnotated?: boolean;
}): Promise<SuggestionsResult> {
  const { user, documentId } = options;
  const { version, list } = await suggestionsOf(documentId);
  const annotated = annotatedSuggestions(list, await findAnnotationSpans(documentId));
  const dismissedSpans = new Set((await findDismissals(documentId, version, user.id)).map((d) => `${d.start}:${d.end}`));
  const counts = { total: list.length, annotated: 0, dismissed: 0 };
  const suggestions: SuggestionDTO[] = [];
  list.forEach((s, i) => {
    const dismissed = dismissedSpans.has(`${s.start}:${s.end}`);
    if (annotated[i]) counts.annotated++;
    else if (dismissed) counts.dismissed++;
    if ((!annotated[i] || options.includeAnnotated) && (!dismissed || options.includeDismissed)) suggestions.push({ ...s, dismissed, annotated: annotated[i] });
  });
  return { documentId, version, suggestions, counts, truncated: list.length >= MAX_SUGGESTIONS };
}

function assertCanReview(user: Actor) {
  if (!canWrite(user)) throw forbidden("Only reviewers, editors and admins can dismiss suggestions; your role is viewer.");
}

/** Remember that this reviewer dismissed the suggestion at start–end (it must be one of the document's suggestions). Idempotent. */
export async function dismissSuggestion(options: { user: Actor; documentId: string; start: number; end: number }): Promise<void> {
  const { user, documentId, start, end } = options;
  assertCanReview(user);
  const { version, list } = await suggestionsOf(documentId);
  if (!list.some((s) => s.start === start && s.end === end)) {
    throw new AppError("UNPROCESSABLE", `No suggested claim of this document spans ${start}–${end}; dismiss a suggestion by its start and end.`, {
      reason: "NOT_A_SUGGESTION",
    });
  }
  await write((tx) => insertDismissal(tx, { documentId, version, userId: user.id, start, end }));
}

/** Forget this reviewer's dismissal of the suggestion at start–end (nothing happens when there is none). */
export async function undismissSuggestion(options: { user: Actor; documentId: string; start: number; end: number }): Promise<void> {
  const { user, documentId, start, end } = options;
  assertCanReview(user);
  const now = await findLiveVersion(documentId);
  if (now === null) throw notFound("Document");
  await write((tx) => deleteDismissal(tx, { documentId, version: now.version, userId: user.id, start, end }));
}

/**
 * For an annotation created with `fromSuggestion: true`: the suggestion of the document its span
 * overlaps most (substantially, as claims do; the reviewer may have changed the span), as recorded
 * on the annotation. UNPROCESSABLE when there is none.
 */
export async function suggestionOrigin(documentId: string, span: { start: number; end: number }): Promise<SuggestionOrigin> {
  const { list } = await suggestionsOf(documentId);
  const i = suggestionForSpan(list, span);
  if (i < 0) {
    throw new AppError("UNPROCESSABLE", "fromSuggestion: no suggested claim of this document overlaps this passage by half or more.", {
      reason: "NOT_A_SUGGESTION",
    });
  }
  return { kind: list[i].kind, reason: list[i].reason };
}
