import "server-only";
// Annotations: one reviewer's claim about a span of a document. Authorization lives here, next to the data:
// writers are admins and reviewers; only the author edits; the author or an admin deletes; admins restore.
import { db } from "@/lib/db";
import type { Prisma } from "@/generated/prisma/client";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canWrite, isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { validateSpan } from "@/lib/anchoring/quote";
import { emptyNote, parseNote, type NoteDoc } from "@/lib/notes/schema";
import { noteToPlainText } from "@/lib/notes/text";
import { appendEvent, publish, type LiveEvent } from "@/lib/events/bus";
import type { CreateAnnotationInput, UpdateAnnotationInput } from "./schemas";
import { documentIsLive, insertAnnotation, readAnnotation, readDocumentAnnotations } from "./store";
import type { AnnotationDTO, Classification, EvidenceDTO } from "./types";

const annotationInclude = {
  author: { select: { id: true, name: true } },
  evidence: { orderBy: { position: "asc" as const } },
  verdicts: { include: { reviewer: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" as const } },
  _count: { select: { replies: { where: { deletedAt: null } } } },
};

type AnnotationRow = Prisma.AnnotationGetPayload<{ include: typeof annotationInclude }>;

export function toAnnotationDTO(a: AnnotationRow): AnnotationDTO {
  return {
    id: a.id,
    documentId: a.documentId,
    start: a.start,
    end: a.end,
    quote: a.quote,
    prefix: a.prefix,
    suffix: a.suffix,
    classification: a.classification as Classification,
    note: JSON.parse(a.note) as NoteDoc,
    noteText: a.noteText,
    evidence: a.evidence.map((e) => ({ ...(e.citation ? { citation: e.citation } : {}), ...(e.url ? { url: e.url } : {}) })),
    author: a.author,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    version: a.version,
    agrees: a.verdicts.filter((v) => v.verdict === "agree").length,
    disputes: a.verdicts.filter((v) => v.verdict === "dispute").length,
    replyCount: a._count.replies,
    verdicts: a.verdicts.map((v) => ({
      reviewer: v.reviewer,
      verdict: v.verdict as "agree" | "dispute",
      proposedClass: (v.proposedClass as Classification | null) ?? null,
      createdAt: v.createdAt.toISOString(),
      updatedAt: v.updatedAt.toISOString(),
    })),
  };
}

// Document texts are immutable, so their code point indexes can be cached for the life of the process.
const indexCache = new Map<string, CodePointIndex>();
async function documentIndex(documentId: string): Promise<CodePointIndex> {
  const cached = indexCache.get(documentId);
  if (cached) return cached;
  const doc = await db.document.findFirst({ where: { id: documentId, deletedAt: null }, select: { text: true } });
  if (!doc) throw notFound("Document");
  const index = new CodePointIndex(doc.text);
  if (indexCache.size >= 64) indexCache.delete(indexCache.keys().next().value!);
  indexCache.set(documentId, index);
  return index;
}

export function parseNoteInput(input: unknown): { note: NoteDoc; noteText: string } {
  if (input === undefined || input === null) return { note: emptyNote(), noteText: "" };
  const parsed = parseNote(input);
  if (!parsed.ok) throw new AppError("UNPROCESSABLE", `The note is not allowed: ${parsed.message}`);
  return { note: parsed.doc, noteText: noteToPlainText(parsed.doc) };
}

const evidenceRows = (evidence: EvidenceDTO[]) =>
  evidence.map((e, position) => ({ position, citation: e.citation ?? null, url: e.url ?? null }));

export async function findAnnotationsForDocument(options: { documentId: string }): Promise<AnnotationDTO[]> {
  if (!documentIsLive(options.documentId)) throw notFound("Document");
  return readDocumentAnnotations(options.documentId);
}

export async function findAnnotation(options: { id: string; includeDeleted?: boolean }): Promise<AnnotationDTO> {
  const dto = readAnnotation(options.id, options.includeDeleted);
  if (!dto) throw notFound("Annotation");
  return dto;
}

async function commit(event: LiveEvent | null) {
  if (event) publish(event);
}

export async function createAnnotation(options: { user: CurrentUser; documentId: string; input: CreateAnnotationInput }) {
  const { user, documentId, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot annotate.");
  const index = await documentIndex(documentId);
  const span = validateSpan(index, input.start, input.end, input.quote);
  if (!span.ok) throw new AppError("UNPROCESSABLE", span.message, { reason: span.code });
  const { note, noteText } = parseNoteInput(input.note);
  const { dto, event } = await insertAnnotation({
    documentId,
    authorId: user.id,
    start: input.start,
    end: input.end,
    quote: span.quote,
    prefix: span.prefix,
    suffix: span.suffix,
    classification: input.classification,
    note: JSON.stringify(note),
    noteText,
    evidence: input.evidence,
  });
  await commit(event);
  return dto;
}

async function loadForChange(id: string) {
  const row = await db.annotation.findUnique({ where: { id }, include: { evidence: { orderBy: { position: "asc" } } } });
  if (!row || row.deletedAt) throw notFound("Annotation");
  return row;
}

export async function updateAnnotation(options: { user: CurrentUser; id: string; input: UpdateAnnotationInput }) {
  const { user, id, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot edit annotations.");
  const current = await loadForChange(id);
  if (current.authorId !== user.id) throw forbidden("Only the author can edit an annotation.");
  const next = {
    classification: input.classification ?? current.classification,
    ...(input.note !== undefined ? parseNoteInput(input.note) : { note: JSON.parse(current.note) as NoteDoc, noteText: current.noteText }),
  };
  const oldEvidence = current.evidence.map((e) => ({ citation: e.citation ?? undefined, url: e.url ?? undefined }));
  const evidence = input.evidence ?? oldEvidence;
  const changed = [
    next.classification !== current.classification && "classification",
    JSON.stringify(next.note) !== current.note && "note",
    JSON.stringify(evidence) !== JSON.stringify(oldEvidence) && "evidence",
  ].filter((f): f is string => !!f);
  if (changed.length === 0) return findAnnotation({ id });
  const { dto, event } = await db.$transaction(async (tx) => {
    // Keep the state before this edit: who changed it, when, and what.
    await tx.annotationRevision.create({
      data: {
        annotationId: id,
        version: current.version,
        editorId: user.id,
        changed: JSON.stringify(changed),
        classification: current.classification,
        note: current.note,
        noteText: current.noteText,
        evidence: JSON.stringify(oldEvidence),
      },
    });
    if (input.evidence) await tx.evidence.deleteMany({ where: { annotationId: id } });
    const updated = await tx.annotation.update({
      where: { id },
      data: {
        classification: next.classification,
        note: JSON.stringify(next.note),
        noteText: next.noteText,
        version: { increment: 1 },
        ...(input.evidence ? { evidence: { create: evidenceRows(input.evidence) } } : {}),
      },
      include: annotationInclude,
    });
    const dto = toAnnotationDTO(updated);
    return { dto, event: await appendEvent(tx, current.documentId, "annotation.updated", { annotation: dto }) };
  });
  await commit(event);
  return dto;
}

export async function deleteAnnotation(options: { user: CurrentUser; id: string }) {
  const { user, id } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot delete annotations.");
  const current = await loadForChange(id);
  if (current.authorId !== user.id && !isAdmin(user)) throw forbidden("Only the author or an admin can delete an annotation.");
  const event = await db.$transaction(async (tx) => {
    await tx.annotation.update({ where: { id }, data: { deletedAt: new Date(), deletedById: user.id } });
    return appendEvent(tx, current.documentId, "annotation.deleted", { id, documentId: current.documentId });
  });
  await commit(event);
}

export interface RevisionDTO {
  version: number;
  editor: { id: string; name: string };
  createdAt: string; // when this version was replaced
  changed: string[];
  classification: Classification;
  note: NoteDoc;
  noteText: string;
  evidence: EvidenceDTO[];
}

/** Earlier versions of an annotation, newest first. */
export async function findAnnotationHistory(options: { id: string }): Promise<RevisionDTO[]> {
  await findAnnotation({ id: options.id });
  const rows = await db.annotationRevision.findMany({
    where: { annotationId: options.id },
    include: { editor: { select: { id: true, name: true } } },
    orderBy: { version: "desc" },
  });
  return rows.map((r) => ({
    version: r.version,
    editor: r.editor,
    createdAt: r.createdAt.toISOString(),
    changed: JSON.parse(r.changed) as string[],
    classification: r.classification as Classification,
    note: JSON.parse(r.note) as NoteDoc,
    noteText: r.noteText,
    evidence: JSON.parse(r.evidence) as EvidenceDTO[],
  }));
}

/** Soft-deleted annotations, newest deletion first (admins). */
export async function findDeletedAnnotations(options: { user: CurrentUser; take?: number }) {
  if (!isAdmin(options.user)) throw forbidden("Only admins can list deleted annotations.");
  const rows = await db.annotation.findMany({
    where: { deletedAt: { not: null }, document: { deletedAt: null } },
    include: { ...annotationInclude, document: { select: { id: true, title: true } } },
    orderBy: { deletedAt: "desc" },
    take: options.take ?? 200,
  });
  const deleters = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.deletedById).filter((v): v is string => !!v))] } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(deleters.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    ...toAnnotationDTO(r),
    document: r.document,
    deletedAt: r.deletedAt!.toISOString(),
    deletedBy: r.deletedById ? { id: r.deletedById, name: nameOf.get(r.deletedById) ?? "unknown" } : null,
  }));
}

export async function restoreAnnotation(options: { user: CurrentUser; id: string }): Promise<AnnotationDTO> {
  if (!isAdmin(options.user)) throw forbidden("Only admins can restore annotations.");
  const row = await db.annotation.findUnique({ where: { id: options.id }, select: { documentId: true, deletedAt: true } });
  if (!row) throw notFound("Annotation");
  if (!row.deletedAt) throw new AppError("CONFLICT", "This annotation is not deleted.");
  const { dto, event } = await db.$transaction(async (tx) => {
    const updated = await tx.annotation.update({ where: { id: options.id }, data: { deletedAt: null, deletedById: null }, include: annotationInclude });
    const dto = toAnnotationDTO(updated);
    return { dto, event: await appendEvent(tx, row.documentId, "annotation.restored", { annotation: dto }) };
  });
  publish(event);
  return dto;
}
