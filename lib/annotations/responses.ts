import "server-only";
// Responses to a person's work: what others did with it, newest first, for their Responses page and the
// count of new ones in the menu. Replies by others on their annotations, and replies after their own in
// another's thread; verdicts (agree, or dispute proposing another class) and rulings on their annotations.
// "New" is newer than the time up to which they marked them seen (User.responsesSeenAt).
import { canWrite, type CurrentUser } from "@/lib/auth/roles";
import { findPeople, findResponsesSeenAt, advanceResponsesSeenAt } from "@/lib/users/store";
import { storedTime } from "@/lib/store/time";
import { excerpt } from "@/lib/excerpt";
import { findResponses, responsesPlan, type ResponseCursor, type ResponseKind, type ResponseRow, type ResponsesPlan } from "./store";
import { annotationPermalinkPath } from "./links";
import type { Classification, PersonRef } from "./types";

export const RESPONSES_PAGE_SIZE = 30;
/** The count of new responses stops here ("99+"): counting them all is work nobody reads. */
export const NEW_RESPONSES_CAP = 100;
const REPLY_CHARS = 280;

export interface ResponseDTO {
  /** kind:id, unique across kinds. */
  key: string;
  kind: ResponseKind;
  at: string;
  by: PersonRef;
  /** Newer than the time up to which the person has seen their responses. */
  isNew: boolean;
  annotation: { id: string; documentId: string; documentTitle: string; quote: string; classification: Classification; yours: boolean };
  /** A reply's text, shortened. */
  reply?: { text: string };
  verdict?: { verdict: "agree" | "dispute"; proposedClass: Classification | null; resolved: boolean };
  ruling?: { classification: Classification };
  /** The annotation in the reader. */
  permalink: string;
}

export interface ResponsesPage {
  items: ResponseDTO[];
  /** The cursor of the next (older) page, null after the last. */
  nextBefore: string | null;
  /** New responses (at most NEW_RESPONSES_CAP). */
  newCount: number;
  /** Up to when they had been seen, before this page was read (null: never). */
  seenAt: string | null;
}

/** A page's cursor in the API: the last item's time and id. */
export const encodeCursor = (c: ResponseCursor) => `${c.at}|${c.id}`;
export function decodeCursor(value: string): ResponseCursor {
  const bar = value.indexOf("|");
  return { at: value.slice(0, bar), id: value.slice(bar + 1) };
}

/** Newest first; a tie in time by id, descending (each kind's query orders so too). */
const newestFirst = (a: ResponseRow, b: ResponseRow) => (a.at === b.at ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.at < b.at ? 1 : -1);

export async function listResponses(options: { user: CurrentUser; before?: string; limit?: number }): Promise<ResponsesPage> {
  const { user } = options;
  const limit = options.limit ?? RESPONSES_PAGE_SIZE;
  const [seen, plan] = await Promise.all([findResponsesSeenAt(user.id), responsesPlan(user.id)]);
  const [rows, newCount] = await Promise.all([
    findResponses(user.id, { before: options.before ? decodeCursor(options.before) : undefined, limit: limit + 1 }, plan),
    countSince(user.id, seen, plan),
  ]);
  rows.sort(newestFirst);
  const page = rows.slice(0, limit);
  const people = await findPeople(new Set(page.map((r) => r.byId)));
  const seenIso = seen?.toISOString() ?? null;
  return {
    items: page.map((r) => toDTO(r, user.id, people.get(r.byId)?.name ?? "Unknown", seenIso)),
    nextBefore: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    newCount,
    seenAt: seenIso,
  };
}

/** How many responses are new to this person (at most NEW_RESPONSES_CAP); 0 for a viewer, who writes nothing. */
export async function countNewResponses(user: CurrentUser): Promise<number> {
  if (!canWrite(user)) return 0;
  const [seen, plan] = await Promise.all([findResponsesSeenAt(user.id), responsesPlan(user.id)]);
  return countSince(user.id, seen, plan);
}

async function countSince(userId: string, seen: Date | null, plan: ResponsesPlan): Promise<number> {
  const rows = await findResponses(userId, { after: seen ? storedTime(seen) : undefined, limit: NEW_RESPONSES_CAP }, plan);
  return Math.min(rows.length, NEW_RESPONSES_CAP);
}

/**
 * Marks this person's responses seen up to `upTo` (the newest one their page showed; never later than
 * now, never earlier than before). Answers what is still new.
 */
export async function markResponsesSeen(options: { user: CurrentUser; upTo: string }): Promise<{ newCount: number }> {
  const at = new Date(Math.min(Date.parse(options.upTo), Date.now()));
  await advanceResponsesSeenAt(options.user.id, at);
  return { newCount: await countNewResponses(options.user) };
}

function toDTO(r: ResponseRow, viewerId: string, byName: string, seenAt: string | null): ResponseDTO {
  return {
    key: `${r.kind}:${r.id}`,
    kind: r.kind,
    at: r.at,
    by: { id: r.byId, name: byName },
    isNew: seenAt === null || r.at > seenAt,
    annotation: {
      id: r.annotationId,
      documentId: r.documentId,
      documentTitle: r.documentTitle,
      quote: excerpt(r.quote, 200),
      classification: r.classification,
      yours: r.annotationAuthorId === viewerId,
    },
    ...(r.kind === "reply" ? { reply: { text: excerpt(r.replyText ?? "", REPLY_CHARS) } } : {}),
    ...(r.kind === "verdict" ? { verdict: { verdict: r.verdict!, proposedClass: r.proposedClass, resolved: r.resolved } } : {}),
    ...(r.kind === "ruling" ? { ruling: { classification: r.rulingClass! } } : {}),
    permalink: annotationPermalinkPath(r.documentId, r.annotationId),
  };
}
