import "server-only";
// Plain-SQL reads and creates of annotations: the reader loads thousands at once and reviewers create
// them all day, so these skip Prisma's per-query cost (see lib/sql.ts). Other writes use Prisma.
import { newId, sqlNow, stmt, writeTransaction } from "@/lib/sql";
import { appendEventSql, type LiveEvent } from "@/lib/events/bus";
import type { NoteDoc } from "@/lib/notes/schema";
import { CLASSIFICATIONS, SPAN_FLAGS, type AnnotationDTO, type Classification, type DocumentSpans, type EvidenceDTO, type SpanTuple } from "./types";

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
const DOCUMENT_ORDER = `ORDER BY a.start, a."end" DESC, a.createdAt, a.id`;
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
    stmt(`${SELECT} WHERE ${live} ${DOCUMENT_ORDER}`).all(documentId) as AnnotationRow[],
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

/** Live annotations of a document by id, in document order (ids of other documents or deleted ones are left out). */
export function readAnnotationsByIds(documentId: string, ids: readonly string[]): AnnotationDTO[] {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const chosen = "a.id IN (SELECT value FROM json_each(?)) AND a.documentId = ? AND a.deletedAt IS NULL";
  return assemble(
    stmt(`${SELECT} WHERE ${chosen} ${DOCUMENT_ORDER}`).all(json, documentId) as AnnotationRow[],
    stmt(`SELECT e.annotationId, e.citation, e.url FROM Evidence e JOIN Annotation a ON a.id = e.annotationId WHERE ${chosen} ORDER BY e.annotationId, e.position`).all(
      json,
      documentId,
    ) as EvidenceRow[],
    stmt(
      `SELECT v.annotationId, v.verdict, v.proposedClass, v.createdAt, v.updatedAt, u.id AS reviewerId, u.name AS reviewerName
       FROM Verdict v JOIN Annotation a ON a.id = v.annotationId JOIN User u ON u.id = v.reviewerId WHERE ${chosen} ORDER BY v.createdAt, v.id`,
    ).all(json, documentId) as VerdictRow[],
    stmt(
      `SELECT r.annotationId, count(*) AS n FROM Reply r JOIN Annotation a ON a.id = r.annotationId WHERE ${chosen} AND r.deletedAt IS NULL GROUP BY r.annotationId`,
    ).all(json, documentId) as Array<{ annotationId: string; n: number }>,
  );
}

/**
 * Ids of up to `limit` live annotations of a document in document order, after the annotation `after`
 * (any annotation of the document, deleted ones too, so a cursor survives a deletion); null when
 * `after` is not an annotation of this document.
 */
export function readAnnotationIdsPage(documentId: string, limit: number, after: string | null): string[] | null {
  const live = "a.documentId = ? AND a.deletedAt IS NULL";
  if (after === null) return stmt(`SELECT a.id FROM Annotation a WHERE ${live} ${DOCUMENT_ORDER} LIMIT ?`).pluck().all(documentId, limit) as string[];
  const cursor = stmt(`SELECT start, "end" AS "end", createdAt, id FROM Annotation WHERE id = ? AND documentId = ?`).get(after, documentId) as
    | { start: number; end: number; createdAt: string; id: string }
    | undefined;
  if (!cursor) return null;
  return stmt(
    `SELECT a.id FROM Annotation a WHERE ${live} AND a.start >= ? AND (a.start, -a."end", a.createdAt, a.id) > (?, ?, ?, ?) ${DOCUMENT_ORDER} LIMIT ?`,
  )
    .pluck()
    .all(documentId, cursor.start, cursor.start, -cursor.end, cursor.createdAt, cursor.id, limit) as string[];
}

/**
 * The reader's compact form of a document's live annotations, in document order: per annotation its
 * id, span, class, author and the counts the highlights and the summary need, without notes or evidence.
 */
export function readDocumentSpans(documentId: string): DocumentSpans {
  const live = "a.documentId = ? AND a.deletedAt IS NULL";
  const rows = stmt(
    `SELECT a.id, a.start, a."end", a.classification, a.authorId, a.noteText <> '' AS hasNote, a.version FROM Annotation a WHERE ${live} ${DOCUMENT_ORDER}`,
  )
    .raw()
    .all(documentId) as Array<[string, number, number, string, string, number, number]>;
  const verdicts = new Map(
    (
      stmt(
        `SELECT v.annotationId, sum(v.verdict = 'agree'), sum(v.verdict = 'dispute') FROM Verdict v JOIN Annotation a ON a.id = v.annotationId WHERE ${live} GROUP BY v.annotationId`,
      )
        .raw()
        .all(documentId) as Array<[string, number, number]>
    ).map(([id, agrees, disputes]) => [id, [agrees, disputes]]),
  );
  const replies = new Map(
    stmt(`SELECT r.annotationId, count(*) FROM Reply r JOIN Annotation a ON a.id = r.annotationId WHERE ${live} AND r.deletedAt IS NULL GROUP BY r.annotationId`)
      .raw()
      .all(documentId) as Array<[string, number]>,
  );
  const withEvidence = new Set(
    stmt(`SELECT DISTINCT e.annotationId FROM Evidence e JOIN Annotation a ON a.id = e.annotationId WHERE ${live}`).pluck().all(documentId) as string[],
  );
  const authorIndex = new Map<string, number>();
  const spans = rows.map(([id, start, end, classification, authorId, hasNote, version]): SpanTuple => {
    let author = authorIndex.get(authorId);
    if (author === undefined) authorIndex.set(authorId, (author = authorIndex.size));
    const [agrees, disputes] = verdicts.get(id) ?? [0, 0];
    const flags = (hasNote ? SPAN_FLAGS.note : 0) | (withEvidence.has(id) ? SPAN_FLAGS.evidence : 0) | (version > 1 ? SPAN_FLAGS.edited : 0);
    return [id, start, end, CLASSIFICATIONS.indexOf(classification as Classification), author, agrees, disputes, replies.get(id) ?? 0, flags];
  });
  const names = new Map(
    (stmt("SELECT id, name FROM User WHERE id IN (SELECT value FROM json_each(?))").raw().all(JSON.stringify([...authorIndex.keys()])) as Array<[string, string]>),
  );
  return { authors: [...authorIndex.keys()].map((id) => ({ id, name: names.get(id) ?? "unknown" })), spans };
}

/** One annotation (deleted ones only when asked), or null. */
export function readAnnotation(id: string, includeDeleted = false): AnnotationDTO | null {
  const row = stmt(`${SELECT} WHERE a.id = ?${includeDeleted ? "" : " AND a.deletedAt IS NULL"}`).get(id) as AnnotationRow | undefined;
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
export function insertAnnotation(input: NewAnnotation): Promise<{ dto: AnnotationDTO; event: LiveEvent }> {
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
    return { dto, event: appendEventSql(input.documentId, "annotation.created", { annotation: dto }, now) };
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
}): Promise<{ dto: AnnotationDTO; event: LiveEvent } | null> {
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
    return { dto, event: appendEventSql(current.documentId, "annotation.updated", { annotation: dto }, now) };
  });
}

/** Soft-delete (deletedById set) or restore (deletedById null) an annotation; null when it was already in that state. */
export function setAnnotationDeleted(id: string, deletedById: string | null): Promise<{ dto: AnnotationDTO; event: LiveEvent } | null> {
  return writeTransaction(() => {
    const now = sqlNow();
    const { changes } = deletedById
      ? stmt("UPDATE Annotation SET deletedAt = ?, deletedById = ?, updatedAt = ? WHERE id = ? AND deletedAt IS NULL").run(now, deletedById, now, id)
      : stmt("UPDATE Annotation SET deletedAt = NULL, deletedById = NULL, updatedAt = ? WHERE id = ? AND deletedAt IS NOT NULL").run(now, id);
    if (changes === 0) return null;
    const dto = readAnnotation(id, true)!;
    const event = deletedById
      ? appendEventSql(dto.documentId, "annotation.deleted", { id, documentId: dto.documentId }, now)
      : appendEventSql(dto.documentId, "annotation.restored", { annotation: dto }, now);
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
