import "server-only";
// Plain-SQL reads and creates of annotations: the reader loads thousands at once and reviewers create
// them all day, so these skip Prisma's per-query cost (see lib/sql.ts). Other writes use Prisma.
import { newId, sqlNow, stmt, writeTransaction } from "@/lib/sql";
import { appendEventSql, type StoredEvent } from "@/lib/events/bus";
import type { NoteDoc } from "@/lib/notes/schema";
import type { AnnotationDTO, Classification, EvidenceDTO, ReplyDTO } from "./types";

interface AnnotationRow {
  id: string;
  documentId: string;
  authorId: string;
  authorName: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  classification: string;
  note: string;
  noteText: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
interface EvidenceRow {
  annotationId: string;
  citation: string | null;
  url: string | null;
}
interface VerdictRow {
  annotationId: string;
  verdict: string;
  proposedClass: string | null;
  createdAt: string;
  updatedAt: string;
  reviewerId: string;
  reviewerName: string;
}

const SELECT = `SELECT a.id, a.documentId, a.authorId, u.name AS authorName, a.start, a."end" AS "end", a.quote, a.prefix,
  a.suffix, a.classification, a.note, a.noteText, a.version, a.createdAt, a.updatedAt FROM Annotation a JOIN User u ON u.id = a.authorId`;
const iso = (value: string) => new Date(value).toISOString();

function groupBy<T extends { annotationId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.annotationId);
    if (list) list.push(row);
    else map.set(row.annotationId, [row]);
  }
  return map;
}

function assemble(rows: AnnotationRow[], evidence: EvidenceRow[], verdicts: VerdictRow[], replies: Array<{ annotationId: string; n: number }>): AnnotationDTO[] {
  const evidenceOf = groupBy(evidence);
  const verdictsOf = groupBy(verdicts);
  const repliesOf = new Map(replies.map((r) => [r.annotationId, r.n]));
  return rows.map((a) => {
    const vs = verdictsOf.get(a.id) ?? [];
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
      evidence: (evidenceOf.get(a.id) ?? []).map((e) => ({ ...(e.citation ? { citation: e.citation } : {}), ...(e.url ? { url: e.url } : {}) })),
      author: { id: a.authorId, name: a.authorName },
      createdAt: iso(a.createdAt),
      updatedAt: iso(a.updatedAt),
      version: a.version,
      agrees: vs.filter((v) => v.verdict === "agree").length,
      disputes: vs.filter((v) => v.verdict === "dispute").length,
      replyCount: repliesOf.get(a.id) ?? 0,
      verdicts: vs.map((v) => ({
        reviewer: { id: v.reviewerId, name: v.reviewerName },
        verdict: v.verdict as "agree" | "dispute",
        proposedClass: (v.proposedClass as Classification | null) ?? null,
        createdAt: iso(v.createdAt),
        updatedAt: iso(v.updatedAt),
      })),
    };
  });
}

/** The live annotations of a document in document order, with evidence, verdicts and reply counts. */
export function readDocumentAnnotations(documentId: string): AnnotationDTO[] {
  const live = "a.documentId = ? AND a.deletedAt IS NULL";
  return assemble(
    stmt(`${SELECT} WHERE ${live} ORDER BY a.start, a."end" DESC, a.createdAt, a.id`).all(documentId) as AnnotationRow[],
    stmt(`SELECT e.annotationId, e.citation, e.url FROM Evidence e JOIN Annotation a ON a.id = e.annotationId WHERE ${live} ORDER BY e.annotationId, e.position`).all(documentId) as EvidenceRow[],
    stmt(
      `SELECT v.annotationId, v.verdict, v.proposedClass, v.createdAt, v.updatedAt, u.id AS reviewerId, u.name AS reviewerName
       FROM Verdict v JOIN Annotation a ON a.id = v.annotationId JOIN User u ON u.id = v.reviewerId WHERE ${live} ORDER BY v.createdAt, v.id`,
    ).all(documentId) as VerdictRow[],
    stmt(
      `SELECT r.annotationId, count(*) AS n FROM Reply r JOIN Annotation a ON a.id = r.annotationId WHERE ${live} AND r.deletedAt IS NULL GROUP BY r.annotationId`,
    ).all(documentId) as Array<{ annotationId: string; n: number }>,
  );
}

// An annotation exists for its readers and writers only while its document does: one of a soft-deleted
// document is not found, like the document itself.
const ON_LIVE_DOCUMENT = "a.documentId IN (SELECT id FROM Document WHERE deletedAt IS NULL)";

/** One annotation of a live document (deleted annotations only when asked), or null. */
export function readAnnotation(id: string, includeDeleted = false): AnnotationDTO | null {
  const row = stmt(`${SELECT} WHERE a.id = ? AND ${ON_LIVE_DOCUMENT}${includeDeleted ? "" : " AND a.deletedAt IS NULL"}`).get(id) as
    | AnnotationRow
    | undefined;
  if (!row) return null;
  return assemble(
    [row],
    stmt("SELECT annotationId, citation, url FROM Evidence WHERE annotationId = ? ORDER BY position").all(id) as EvidenceRow[],
    stmt(
      `SELECT v.annotationId, v.verdict, v.proposedClass, v.createdAt, v.updatedAt, u.id AS reviewerId, u.name AS reviewerName
       FROM Verdict v JOIN User u ON u.id = v.reviewerId WHERE v.annotationId = ? ORDER BY v.createdAt, v.id`,
    ).all(id) as VerdictRow[],
    stmt("SELECT annotationId, count(*) AS n FROM Reply WHERE annotationId = ? AND deletedAt IS NULL GROUP BY annotationId").all(id) as Array<{
      annotationId: string;
      n: number;
    }>,
  )[0];
}

/** One live reply under a live annotation of a live document, or null (for the live stream). */
export function readReply(id: string): ReplyDTO | null {
  const row = stmt(
    `SELECT r.id, r.annotationId, r.body, r.bodyText, r.createdAt, r.updatedAt, u.id AS authorId, u.name AS authorName
     FROM Reply r JOIN Annotation a ON a.id = r.annotationId JOIN User u ON u.id = r.authorId
     WHERE r.id = ? AND r.deletedAt IS NULL AND a.deletedAt IS NULL AND ${ON_LIVE_DOCUMENT}`,
  ).get(id) as
    | { id: string; annotationId: string; body: string; bodyText: string; createdAt: string; updatedAt: string; authorId: string; authorName: string }
    | undefined;
  if (!row) return null;
  return {
    id: row.id,
    annotationId: row.annotationId,
    body: JSON.parse(row.body) as NoteDoc,
    bodyText: row.bodyText,
    author: { id: row.authorId, name: row.authorName },
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function documentIsLive(documentId: string): boolean {
  return !!stmt("SELECT 1 FROM Document WHERE id = ? AND deletedAt IS NULL").get(documentId);
}

export interface NewAnnotation {
  documentId: string;
  authorId: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  classification: Classification;
  note: string;
  noteText: string;
  evidence: EvidenceDTO[];
}

/** Insert an annotation with its evidence and its "annotation.created" event in one transaction. */
export function insertAnnotation(input: NewAnnotation): Promise<{ dto: AnnotationDTO; event: StoredEvent }> {
  const id = newId();
  const now = sqlNow();
  return writeTransaction(() => {
    stmt(
      `INSERT INTO Annotation (id, documentId, authorId, start, "end", quote, prefix, suffix, classification, note, noteText, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(id, input.documentId, input.authorId, input.start, input.end, input.quote, input.prefix, input.suffix, input.classification, input.note, input.noteText, now, now);
    const insertEvidence = stmt("INSERT INTO Evidence (id, annotationId, position, citation, url) VALUES (?, ?, ?, ?, ?)");
    input.evidence.forEach((e, position) => insertEvidence.run(newId(), id, position, e.citation ?? null, e.url ?? null));
    const dto = readAnnotation(id)!;
    return { dto, event: appendEventSql(input.documentId, "annotation.created", { id }, now) };
  });
}

/**
 * Edit an annotation, keeping the state before the edit as a revision (who, when, which fields).
 * The current state is read inside the transaction, so concurrent edits each record what they replaced.
 * Returns null when nothing changed.
 */
export function editAnnotation(input: {
  id: string;
  editorId: string;
  classification?: Classification;
  note?: { json: string; text: string };
  evidence?: EvidenceDTO[];
}): Promise<{ dto: AnnotationDTO; event: StoredEvent } | null> {
  return writeTransaction(() => {
    const current = readAnnotation(input.id);
    if (!current) return null;
    const next = {
      classification: input.classification ?? current.classification,
      note: input.note?.json ?? JSON.stringify(current.note),
      noteText: input.note?.text ?? current.noteText,
      evidence: input.evidence ?? current.evidence,
    };
    const changed = [
      next.classification !== current.classification && "classification",
      next.note !== JSON.stringify(current.note) && "note",
      JSON.stringify(next.evidence) !== JSON.stringify(current.evidence) && "evidence",
    ].filter((f): f is string => !!f);
    if (changed.length === 0) return null;
    const now = sqlNow();
    stmt(
      `INSERT INTO AnnotationRevision (id, annotationId, version, editorId, createdAt, changed, classification, note, noteText, evidence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      newId(),
      current.id,
      current.version,
      input.editorId,
      now,
      JSON.stringify(changed),
      current.classification,
      JSON.stringify(current.note),
      current.noteText,
      JSON.stringify(current.evidence),
    );
    stmt("UPDATE Annotation SET classification = ?, note = ?, noteText = ?, version = version + 1, updatedAt = ? WHERE id = ?").run(
      next.classification,
      next.note,
      next.noteText,
      now,
      current.id,
    );
    if (input.evidence) {
      stmt("DELETE FROM Evidence WHERE annotationId = ?").run(current.id);
      const insertEvidence = stmt("INSERT INTO Evidence (id, annotationId, position, citation, url) VALUES (?, ?, ?, ?, ?)");
      input.evidence.forEach((e, position) => insertEvidence.run(newId(), current.id, position, e.citation ?? null, e.url ?? null));
    }
    const dto = readAnnotation(current.id)!;
    return { dto, event: appendEventSql(current.documentId, "annotation.updated", { id: current.id }, now) };
  });
}

/** Soft-delete (deletedById set) or restore (deletedById null) an annotation; null when it was already in that state. */
export function setAnnotationDeleted(id: string, deletedById: string | null): Promise<{ dto: AnnotationDTO; event: StoredEvent } | null> {
  return writeTransaction(() => {
    const now = sqlNow();
    const live = ON_LIVE_DOCUMENT.replace("a.documentId", "documentId");
    const { changes } = deletedById
      ? stmt(`UPDATE Annotation SET deletedAt = ?, deletedById = ?, updatedAt = ? WHERE id = ? AND deletedAt IS NULL AND ${live}`).run(now, deletedById, now, id)
      : stmt(`UPDATE Annotation SET deletedAt = NULL, deletedById = NULL, updatedAt = ? WHERE id = ? AND deletedAt IS NOT NULL AND ${live}`).run(now, id);
    if (changes === 0) return null;
    const dto = readAnnotation(id, true)!;
    const event = deletedById
      ? appendEventSql(dto.documentId, "annotation.deleted", { id }, now)
      : appendEventSql(dto.documentId, "annotation.restored", { id }, now);
    return { dto, event };
  });
}

/** Soft-deleted annotations of live documents, newest deletion first, with who deleted them. */
export function readDeletedAnnotations(limit: number) {
  const rows = stmt(
    `SELECT a.id, a.deletedAt, d.id AS documentId, d.title, u.id AS deleterId, u.name AS deleterName
     FROM Annotation a JOIN Document d ON d.id = a.documentId LEFT JOIN User u ON u.id = a.deletedById
     WHERE a.deletedAt IS NOT NULL AND d.deletedAt IS NULL ORDER BY a.deletedAt DESC LIMIT ?`,
  ).all(limit) as Array<{ id: string; deletedAt: string; documentId: string; title: string; deleterId: string | null; deleterName: string | null }>;
  return rows.map((r) => ({
    ...readAnnotation(r.id, true)!,
    document: { id: r.documentId, title: r.title },
    deletedAt: iso(r.deletedAt),
    deletedBy: r.deleterId ? { id: r.deleterId, name: r.deleterName ?? "unknown" } : null,
  }));
}
