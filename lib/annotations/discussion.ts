import "server-only";
// Discussion under an annotation: replies (rich text, same rules as notes) and verdicts (agree, or
// dispute with the class the reviewer would give). Writers are admins and reviewers; only authors
// edit or delete their replies (admins may delete any); one verdict per reviewer, never on one's own.
import { db } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { appendEvent, publish } from "@/lib/events/bus";
import type { NoteDoc } from "@/lib/notes/schema";
import { plainTextToNote } from "@/lib/notes/text";
import { findAnnotation, parseNoteInput } from "./service";
import type { Classification, ReplyDTO } from "./types";

type ReplyRow = { id: string; annotationId: string; body: string; bodyText: string; createdAt: Date; updatedAt: Date; author: { id: string; name: string } };

export const toReplyDTO = (r: ReplyRow): ReplyDTO => ({
  id: r.id,
  annotationId: r.annotationId,
  body: JSON.parse(r.body) as NoteDoc,
  bodyText: r.bodyText,
  author: r.author,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

async function liveAnnotation(id: string) {
  const a = await db.annotation.findFirst({
    where: { id, deletedAt: null, document: { deletedAt: null } },
    select: { id: true, documentId: true, authorId: true },
  });
  if (!a) throw notFound("Annotation");
  return a;
}

function parseBody(input: unknown) {
  const { note, noteText } = parseNoteInput(typeof input === "string" ? plainTextToNote(input) : input);
  if (!noteText.trim()) throw new AppError("UNPROCESSABLE", "A reply cannot be empty.");
  return { body: JSON.stringify(note), bodyText: noteText };
}

export async function listReplies(options: { annotationId: string }): Promise<ReplyDTO[]> {
  await liveAnnotation(options.annotationId);
  const rows = await db.reply.findMany({
    where: { annotationId: options.annotationId, deletedAt: null },
    include: { author: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(toReplyDTO);
}

export async function createReply(options: { user: CurrentUser; annotationId: string; body: unknown }): Promise<ReplyDTO> {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot reply.");
  const annotation = await liveAnnotation(options.annotationId);
  const data = parseBody(options.body);
  const { dto, event } = await db.$transaction(async (tx) => {
    const row = await tx.reply.create({
      data: { annotationId: annotation.id, authorId: options.user.id, ...data },
      include: { author: { select: { id: true, name: true } } },
    });
    const dto = toReplyDTO(row);
    return { dto, event: await appendEvent(tx, annotation.documentId, "reply.created", { id: dto.id, annotationId: dto.annotationId }) };
  });
  publish(event);
  await announceAnnotation(annotation.id); // reply count changed
  return dto;
}

async function loadReply(id: string) {
  const reply = await db.reply.findUnique({
    where: { id },
    include: { annotation: { select: { documentId: true, deletedAt: true, document: { select: { deletedAt: true } } } } },
  });
  if (!reply || reply.deletedAt || reply.annotation.deletedAt || reply.annotation.document.deletedAt) throw notFound("Reply");
  return reply;
}

export async function updateReply(options: { user: CurrentUser; id: string; body: unknown }): Promise<ReplyDTO> {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot edit replies.");
  const reply = await loadReply(options.id);
  if (reply.authorId !== options.user.id) throw forbidden("Only the author can edit a reply.");
  const data = parseBody(options.body);
  const { dto, event } = await db.$transaction(async (tx) => {
    const row = await tx.reply.update({ where: { id: reply.id }, data, include: { author: { select: { id: true, name: true } } } });
    const dto = toReplyDTO(row);
    return { dto, event: await appendEvent(tx, reply.annotation.documentId, "reply.updated", { id: dto.id, annotationId: dto.annotationId }) };
  });
  publish(event);
  return dto;
}

export async function deleteReply(options: { user: CurrentUser; id: string }): Promise<void> {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot delete replies.");
  const reply = await loadReply(options.id);
  if (reply.authorId !== options.user.id && !isAdmin(options.user)) throw forbidden("Only the author or an admin can delete a reply.");
  const event = await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: reply.id }, data: { deletedAt: new Date() } });
    return appendEvent(tx, reply.annotation.documentId, "reply.deleted", { id: reply.id, annotationId: reply.annotationId });
  });
  publish(event);
  await announceAnnotation(reply.annotationId); // reply count changed
}

// After a verdict or reply count change, everyone gets the annotation's new counts.
async function announceAnnotation(annotationId: string) {
  const dto = await findAnnotation({ id: annotationId });
  const event = await db.$transaction((tx) => appendEvent(tx, dto.documentId, "annotation.updated", { id: dto.id }));
  publish(event);
  return dto;
}

export async function setVerdict(options: {
  user: CurrentUser;
  annotationId: string;
  verdict: "agree" | "dispute";
  proposedClass?: Classification | null;
}) {
  const { user, verdict } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot give verdicts.");
  const annotation = await liveAnnotation(options.annotationId);
  if (annotation.authorId === user.id) throw forbidden("You cannot give a verdict on your own annotation.");
  if (verdict === "dispute" && !options.proposedClass) {
    throw new AppError("UNPROCESSABLE", "A dispute names the class you would give: sourced, contested or opinion.");
  }
  const proposedClass = verdict === "dispute" ? options.proposedClass! : null;
  await db.verdict.upsert({
    where: { annotationId_reviewerId: { annotationId: annotation.id, reviewerId: user.id } },
    create: { annotationId: annotation.id, reviewerId: user.id, verdict, proposedClass },
    update: { verdict, proposedClass },
  });
  return announceAnnotation(annotation.id);
}

export async function removeVerdict(options: { user: CurrentUser; annotationId: string }) {
  if (!canWrite(options.user)) throw forbidden("Viewers cannot give verdicts.");
  const annotation = await liveAnnotation(options.annotationId);
  const { count } = await db.verdict.deleteMany({ where: { annotationId: annotation.id, reviewerId: options.user.id } });
  // Nothing to remove: nothing changed, so no event for the open streams either.
  if (count === 0) return findAnnotation({ id: annotation.id });
  return announceAnnotation(annotation.id);
}
