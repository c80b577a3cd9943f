import "server-only";
// Discussion under an annotation: replies (rich text, same rules as notes) and verdicts (agree, or
// dispute with the class the reviewer would give). Writers are everyone but viewers; only authors
// edit or delete their replies (admins may delete any); one verdict per reviewer, never on one's own.
// A dispute proposes a class other than the annotation's, and stays open until the author adopts it
// (service.ts updateAnnotation) or an editor rules (rulings.ts); a ruled annotation takes no new dispute.
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { publish, type CommittedEvent } from "@/lib/events/bus";
import { appendEvent } from "@/lib/events/store";
import { write, type Tx } from "@/lib/store/transaction";
import { storedTimeAfter } from "@/lib/store/time";
import { findPeople } from "@/lib/users/store";
import { recordAuditIn } from "@/lib/audit/service";
import { parseNoteInput } from "./service";
import { peopleFor } from "./dto";
import { toAnnotationDTO, toReplyDTO, type PeopleLookup } from "./record";
import {
  deleteVerdict,
  findAnnotationRecord,
  lockAnnotation,
  findAnnotationState,
  findVerdict,
  findLiveReply,
  findReplies,
  insertReply,
  setReplyDeleted,
  updateReplyBody,
  upsertVerdict,
} from "./store";
import type { AnyAnnotationDTO, Classification, ReplyDTO } from "./types";

/** A live annotation of a live document, or NOT_FOUND. */
async function liveAnnotation(id: string, q?: Tx) {
  const a = await findAnnotationState(id, q);
  if (!a || a.deleted || a.documentDeleted) throw notFound("Annotation");
  return a;
}

function parseBody(input: unknown) {
  const { note, noteText } = parseNoteInput(input);
  if (!noteText.trim()) throw new AppError("UNPROCESSABLE", "A reply cannot be empty.");
  return { body: JSON.stringify(note), bodyText: noteText };
}

const callerLookup =
  (user: CurrentUser): PeopleLookup =>
  (id) =>
    id === user.id ? { name: user.name } : undefined;

export async function listReplies(options: { annotationId: string }): Promise<ReplyDTO[]> {
  await liveAnnotation(options.annotationId);
  const replies = await findReplies(options.annotationId);
  const people = await findPeople(replies.map((r) => r.authorId));
  return replies.map((r) => toReplyDTO(r, (id) => people.get(id)));
}

/**
 * After a reply or verdict change, everyone gets the annotation's new counts: its current state,
 * read in the same transaction, as an "annotation.updated" event.
 */
export async function announceAnnotation(tx: Tx, annotationId: string, people: PeopleLookup): Promise<{ dto: AnyAnnotationDTO; event: CommittedEvent }> {
  const record = await findAnnotationRecord(annotationId, {}, tx);
  if (!record) throw notFound("Annotation");
  const dto = toAnnotationDTO(record, people);
  return { dto, event: await appendEvent(tx, dto.documentId, "annotation.updated", { annotation: dto }) };
}

/** People named by an annotation (and the caller), looked up before the write. */
export async function peopleOfAnnotation(annotationId: string, user: CurrentUser): Promise<PeopleLookup> {
  const record = await findAnnotationRecord(annotationId);
  const people = await peopleFor(record ? [record] : [], [user.id]);
  return (id) => (id === user.id ? { name: user.name } : people(id));
}

export async function createReply(options: { user: CurrentUser; annotationId: string; body: unknown }): Promise<ReplyDTO> {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot reply.");
  await liveAnnotation(options.annotationId);
  const data = parseBody(options.body);
  const people = await peopleOfAnnotation(options.annotationId, options.user);
  const { dto, events } = await write(async (tx) => {
    const annotation = await liveAnnotation(options.annotationId, tx);
    const reply = await insertReply(tx, { annotationId: annotation.id, authorId: options.user.id, ...data });
    const dto = toReplyDTO(reply, callerLookup(options.user));
    const created = await appendEvent(tx, annotation.documentId, "reply.created", { reply: dto });
    const counts = await announceAnnotation(tx, annotation.id, people); // reply count changed
    return { dto, events: [created, counts.event] };
  });
  events.forEach(publish);
  return dto;
}

async function loadReply(id: string) {
  const reply = await findLiveReply(id);
  if (!reply) throw notFound("Reply");
  return reply;
}

export async function updateReply(options: {
  user: CurrentUser;
  id: string;
  body: unknown;
  /** The reply's `updatedAt` as its author saw it (undefined: no check). */
  replaces?: string;
}): Promise<ReplyDTO> {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot edit replies.");
  const reply = await loadReply(options.id);
  if (reply.authorId !== options.user.id) throw forbidden("Only the author can edit a reply.");
  const data = parseBody(options.body);
  const people = callerLookup(options.user);
  const { dto, event } = await write(async (tx) => {
    // Read inside the write, the annotation held: the same author may be saving from another tab.
    await lockAnnotation(tx, reply.annotationId);
    const current = await findLiveReply(reply.id, tx);
    if (!current) throw notFound("Reply");
    if (current.body === data.body) return { dto: toReplyDTO(current, people), event: null }; // the same text again
    if (options.replaces !== undefined && current.updatedAt !== new Date(options.replaces).toISOString()) {
      throw new AppError(
        "CONFLICT",
        "This reply was changed elsewhere (in another tab or window) while you were editing it here. Read it, then save again to replace it with this text.",
        { current: toReplyDTO(current, people) },
      );
    }
    const updated = await updateReplyBody(tx, reply.id, data, storedTimeAfter(current.updatedAt));
    if (!updated) throw notFound("Reply");
    const dto = toReplyDTO(updated, people);
    return { dto, event: await appendEvent(tx, updated.documentId, "reply.updated", { reply: dto }) };
  });
  if (event) publish(event);
  return dto;
}

export async function deleteReply(options: { user: CurrentUser; id: string; ip?: string | null }): Promise<void> {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot delete replies.");
  const reply = await loadReply(options.id);
  if (reply.authorId !== options.user.id && !isAdmin(options.user)) throw forbidden("Only the author or an admin can delete a reply.");
  const people = await peopleOfAnnotation(reply.annotationId, options.user);
  const events = await write(async (tx) => {
    if (!(await setReplyDeleted(tx, reply.id))) throw notFound("Reply");
    // An admin removing someone else's reply is moderation, as for annotations: the audit log keeps it.
    if (reply.authorId !== options.user.id) {
      await recordAuditIn(tx, {
        type: "reply_deleted",
        actorId: options.user.id,
        targetId: reply.authorId,
        ip: options.ip ?? null,
        detail: { replyId: reply.id, annotationId: reply.annotationId, documentId: reply.documentId },
      });
    }
    const deleted = await appendEvent(tx, reply.documentId, "reply.deleted", { id: reply.id, annotationId: reply.annotationId });
    const counts = await announceAnnotation(tx, reply.annotationId, people); // reply count changed
    return [deleted, counts.event];
  });
  events.forEach(publish);
}

export async function setVerdict(options: {
  user: CurrentUser;
  annotationId: string;
  verdict: "agree" | "dispute";
  proposedClass?: Classification | null;
}): Promise<AnyAnnotationDTO> {
  const { user, verdict } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot give verdicts.");
  const annotation = await liveAnnotation(options.annotationId);
  if (annotation.authorId === user.id) throw forbidden("You cannot give a verdict on your own annotation.");
  if (verdict === "dispute" && !options.proposedClass) {
    throw new AppError("UNPROCESSABLE", "A dispute names the class you would give: sourced, contested or opinion.");
  }
  const proposedClass = verdict === "dispute" ? options.proposedClass! : null;
  const people = await peopleOfAnnotation(annotation.id, user);
  const { dto, event } = await write(async (tx) => {
    // The class and the ruling are read inside the write, the annotation held: an edit or a ruling may
    // have just landed, or be landing.
    await lockAnnotation(tx, annotation.id);
    const record = await findAnnotationRecord(annotation.id, {}, tx);
    if (!record) throw notFound("Annotation");
    if (proposedClass !== null) {
      if (proposedClass === record.classification) {
        throw new AppError(
          "UNPROCESSABLE",
          `This annotation is already classified as ${proposedClass}: a dispute proposes a different class (or agree with it instead).`,
        );
      }
      if (record.ruling) {
        throw new AppError(
          "UNPROCESSABLE",
          `An editor has ruled on this annotation (${record.ruling.classification}), so a dispute can no longer change its class: reply to discuss the ruling.`,
        );
      }
    }
    // The same verdict again changes nothing (an open dispute keeps its place in the open disputes queue).
    const mine = await findVerdict(tx, annotation.id, user.id);
    if (mine && mine.verdict === verdict && mine.proposedClass === proposedClass && mine.resolvedAt === null) {
      return { dto: toAnnotationDTO(record, people), event: null };
    }
    await upsertVerdict(tx, { annotationId: annotation.id, reviewerId: user.id, verdict, proposedClass });
    return announceAnnotation(tx, annotation.id, people);
  });
  if (event) publish(event);
  return dto;
}

export async function removeVerdict(options: { user: CurrentUser; annotationId: string }): Promise<AnyAnnotationDTO> {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot give verdicts.");
  const annotation = await liveAnnotation(options.annotationId);
  const people = await peopleOfAnnotation(annotation.id, options.user);
  const result = await write(async (tx) => {
    // Nothing to remove: nothing changed, so no event for the open streams either.
    if (!(await deleteVerdict(tx, annotation.id, options.user.id))) return null;
    return announceAnnotation(tx, annotation.id, people);
  });
  if (!result) {
    const record = await findAnnotationRecord(annotation.id);
    if (!record) throw notFound("Annotation");
    return toAnnotationDTO(record, people);
  }
  publish(result.event);
  return result.dto;
}
