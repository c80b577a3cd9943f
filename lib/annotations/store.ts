import "server-only";
// The annotations store: every query of Annotation, Evidence, Reply, Verdict and AnnotationRevision.
// Reads assemble AnnotationRecords (lib/annotations/record.ts) in a fixed number of queries, never one
// per annotation; writes run inside the caller's write transaction (lib/store/engine.ts).
import { sql, type ExpressionBuilder, type Insertable, type RawBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from "kysely";
import { db, engine, insertRows, prepared, selectRows, type DB, type Db, type Tx } from "@/lib/store/engine";
import { newId } from "@/lib/store/ids";
import { storedTime, toIso, toIsoOrNull } from "@/lib/store/time";
import { evidenceEntry, type AnchorDetail, type AnnotationHistory, type AnnotationRecord, type PlacementRecord, type ReplyRecord, type RevisionRecord, type RulingRecord, type SpanRecord, type VerdictRecord } from "./record";
import type { AnchorState, Classification, DisputeResolution, EvidenceDTO, OrphanListFilter, SuggestionKind } from "./types";

const ANNOTATION_COLUMNS = [
  "a.id",
  "a.documentId",
  "a.authorId",
  "a.start",
  "a.end",
  "a.quote",
  "a.prefix",
  "a.suffix",
  "a.classification",
  "a.note",
  "a.noteText",
  "a.version",
  "a.createdAt",
  "a.updatedAt",
  "a.deletedAt",
  "a.deletedById",
  "a.suggestionKind",
  "a.suggestionReason",
  "a.anchorState",
  "a.anchorVersion",
  "a.anchorDetail",
] as const;

type ColumnName<T> = T extends `a.${infer N}` ? N : never;
/** Each annotation column's place in a row. */
const COL = Object.fromEntries(ANNOTATION_COLUMNS.map((c, i) => [c.slice(2), i])) as Record<ColumnName<(typeof ANNOTATION_COLUMNS)[number]>, number>;
/**
 * An annotation as read: the values of ANNOTATION_COLUMNS in that order (selectRows: building an object
 * per row cost more than reading it, measured on the exports' 100,000), then the document's current
 * version when the query joined Document (DOCUMENT_VERSION; a null anchorVersion means that one).
 */
type AnnotationRow = readonly unknown[];
const DOCUMENT_VERSION = ANNOTATION_COLUMNS.length;

const parseDetail = (json: string | null): AnchorDetail | null => (json ? (JSON.parse(json) as AnchorDetail) : null);

/** Bound parameters per IN list: well under both engines' limits (SQLite 32,766, PostgreSQL 65,535), and one query per side table for an export page of 1,000. */
const CHUNK = 1000;

async function inChunks<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  if (ids.length <= CHUNK) return ids.length ? load(ids) : [];
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

function group<T extends { annotationId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.annotationId);
    if (list) list.push(row);
    else map.set(row.annotationId, [row]);
  }
  return map;
}

type VerdictRow = {
  annotationId: string;
  reviewerId: string;
  verdict: string;
  proposedClass: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
};

const toVerdict = (v: VerdictRow): VerdictRecord => ({
  annotationId: v.annotationId,
  reviewerId: v.reviewerId,
  verdict: v.verdict as VerdictRecord["verdict"],
  proposedClass: (v.proposedClass as Classification | null) ?? null,
  createdAt: toIso(v.createdAt),
  updatedAt: toIso(v.updatedAt),
  resolvedAt: toIsoOrNull(v.resolvedAt),
  resolution: (v.resolution as DisputeResolution | null) ?? null,
});

const RULING_COLUMNS = ["annotationId", "editorId", "classification", "rationale", "rationaleText", "createdAt", "updatedAt"] as const;

const toRuling = (r: { annotationId: string; editorId: string; classification: string; rationale: string; rationaleText: string; createdAt: string; updatedAt: string }): RulingRecord => ({
  annotationId: r.annotationId,
  editorId: r.editorId,
  classification: r.classification as Classification,
  rationale: r.rationale,
  rationaleText: r.rationaleText,
  createdAt: toIso(r.createdAt),
  updatedAt: toIso(r.updatedAt),
});

const toReply = (r: { id: string; annotationId: string; authorId: string; body: string; bodyText: string; createdAt: string; updatedAt: string }): ReplyRecord => ({
  id: r.id,
  annotationId: r.annotationId,
  authorId: r.authorId,
  body: r.body,
  bodyText: r.bodyText,
  createdAt: toIso(r.createdAt),
  updatedAt: toIso(r.updatedAt),
});

const REPLY_FIELDS = ["id", "annotationId", "authorId", "body", "bodyText", "createdAt", "updatedAt"] as const;

/** A column list as `alias.column`, for a query that names its table by that alias (or joins another with the same column names). */
const columnsAs = <A extends string, C extends string>(alias: A, columns: readonly C[]) => columns.map((c) => `${alias}.${c}` as `${A}.${C}`);

const REPLY_COLUMNS = columnsAs("r", REPLY_FIELDS);

const NO_EVIDENCE: EvidenceDTO[] = [];
const NO_VERDICTS: VerdictRecord[] = [];

type SideTable = "Evidence" | "Verdict" | "Reply" | "Ruling";
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- nothing selected yet
type SideQuery<K extends SideTable> = SelectQueryBuilder<{ x: DB[K] }, "x", {}>;

/**
 * The live annotations of one document whose start lies in [from, to]: a page of placed annotations in
 * document order lies in the range of its first and last start (with, at most, a few more of the same
 * starts or orphaned ones, whose rows are read and not used).
 */
interface StartRange {
  documentId: string;
  from: number;
  to: number;
}

/**
 * Rows → records: evidence, verdicts, live replies (their count, or with `replies` the replies
 * themselves) and rulings in four queries for the lot (`range`: a page in document order, which SQLite reads by the range of its starts). The one mapping of an annotation row.
 */
async function complete(
  q: Db | Tx,
  rows: AnnotationRow[],
  documentVersion?: number | null,
  options: { replies?: boolean; range?: StartRange } = {},
): Promise<{ records: AnnotationRecord[]; replies: Map<string, ReplyRecord[]> }> {
  if (rows.length === 0) return { records: [], replies: new Map() };
  const ids = rows.map((r) => r[COL.id] as string);
  // Each side table's rows of these annotations. On SQLite by id (IN lists), or for a page in document
  // order by the range of its starts, joined from the order index (an export page's 1,000 ids cost SQLite
  // more to bind and look up than walking the index range: ~100 ms per 100,000 annotations over four
  // tables). On PostgreSQL by the ids as one array parameter, an index probe each: the range join let its
  // planner pick a hash join that read the whole side table for every page (all 40,000 evidence rows for
  // each page of 1,000 annotations), and with 500,000 annotations an export took 22–23 s that way against
  // 16–18 s by the ids.
  const { range } = options;
  const byIds = <K extends SideTable, T>(table: K, read: (from: SideQuery<K>) => Promise<T[]>) => {
    // typed as one of the tables (every one has annotationId): the query is the same shape for each
    const x = `${table as "Evidence"} as x` as const;
    if (engine === "postgres") return read(q.selectFrom(x).where("x.annotationId", "=", sql<string>`any(${ids})`) as unknown as SideQuery<K>);
    return range
      ? read(
          q
            .selectFrom("Annotation as a")
            .innerJoin(x, "x.annotationId", "a.id")
            .where("a.documentId", "=", range.documentId)
            .where("a.deletedAt", "is", null)
            .where("a.start", ">=", range.from)
            .where("a.start", "<=", range.to) as unknown as SideQuery<K>,
        )
      : inChunks(ids, (chunk) => read(q.selectFrom(x).where("x.annotationId", "in", chunk) as unknown as SideQuery<K>));
  };
  // One after another: `q` may be a transaction (or a snapshot), whose one connection takes one query at a time.
  const evidence = await byIds("Evidence", (from) =>
    from.select(["x.annotationId", "x.citation", "x.url"]).orderBy("x.annotationId").orderBy("x.position").execute(),
  );
  // reviewer ids survive an import (verdict ids do not), so ties sort the same after a round trip
  const verdicts = await byIds("Verdict", (from) =>
    from
      .select(["x.annotationId", "x.reviewerId", "x.verdict", "x.proposedClass", "x.createdAt", "x.updatedAt", "x.resolvedAt", "x.resolution"])
      .orderBy("x.createdAt")
      .orderBy("x.reviewerId")
      .execute(),
  );
  let replies = new Map<string, ReplyRecord[]>();
  let replyCount: (id: string) => number;
  if (options.replies) {
    const replyRows = await byIds("Reply", (from) =>
      from
        .select(columnsAs("x", REPLY_FIELDS))
        .where("x.deletedAt", "is", null)
        .orderBy("x.createdAt")
        .orderBy("x.id")
        .execute(),
    );
    replies = group(replyRows.map(toReply));
    replyCount = (id) => replies.get(id)?.length ?? 0;
  } else {
    const counts = await byIds("Reply", (from) =>
      from
        .select((eb) => ["x.annotationId", eb.fn.countAll<number>().as("n")])
        .where("x.deletedAt", "is", null)
        .groupBy("x.annotationId")
        .execute(),
    );
    const countOf = new Map(counts.map((r) => [r.annotationId, Number(r.n)]));
    replyCount = (id) => countOf.get(id) ?? 0;
  }
  const rulings = await byIds("Ruling", (from) =>
    from.select(columnsAs("x", RULING_COLUMNS)).execute(),
  );
  const evidenceOf = new Map<string, EvidenceDTO[]>();
  for (const [id, list] of group(evidence)) evidenceOf.set(id, list.map((e) => evidenceEntry(e.citation, e.url)));
  const verdictsOf = new Map<string, VerdictRecord[]>();
  for (const [id, list] of group(verdicts)) verdictsOf.set(id, list.map(toVerdict));
  const rulingOf = new Map(rulings.map((r) => [r.annotationId, toRuling(r)]));
  const records = rows.map((a): AnnotationRecord => {
    const id = a[COL.id] as string;
    return {
      id,
      documentId: a[COL.documentId] as string,
      authorId: a[COL.authorId] as string,
      start: a[COL.start] as number,
      end: a[COL.end] as number,
      quote: a[COL.quote] as string,
      prefix: a[COL.prefix] as string,
      suffix: a[COL.suffix] as string,
      classification: a[COL.classification] as Classification,
      note: a[COL.note] as string,
      noteText: a[COL.noteText] as string,
      version: a[COL.version] as number,
      createdAt: toIso(a[COL.createdAt] as string),
      updatedAt: toIso(a[COL.updatedAt] as string),
      deletedAt: toIsoOrNull(a[COL.deletedAt] as string | null),
      deletedById: a[COL.deletedById] as string | null,
      suggestionKind: a[COL.suggestionKind] as SuggestionKind | null,
      suggestionReason: a[COL.suggestionReason] as string | null,
      evidence: evidenceOf.get(id) ?? NO_EVIDENCE,
      verdicts: verdictsOf.get(id) ?? NO_VERDICTS,
      replyCount: replyCount(id),
      ruling: rulingOf.get(id) ?? null,
      // Null columns of rows written before versions existed: "exact", on the document's current version.
      anchorState: ((a[COL.anchorState] as string | null) ?? "exact") as AnchorState,
      anchorVersion: (a[COL.anchorVersion] as number | null) ?? ((a.length > DOCUMENT_VERSION ? a[DOCUMENT_VERSION] : documentVersion) as number | null | undefined) ?? 1,
      anchorDetail: parseDetail(a[COL.anchorDetail] as string | null),
    };
  });
  return { records, replies };
}

/** Rows → records (complete, without the replies themselves). */
const recordsOf = async (q: Db | Tx, rows: AnnotationRow[], documentVersion?: number | null) => (await complete(q, rows, documentVersion)).records;

/**
 * Annotations joined to their live document (live annotations unless asked otherwise). An annotation
 * exists for its readers and writers only while its document does: one of a soft-deleted document is
 * not found, like the document itself.
 */
function annotations(q: Db | Tx, options: { includeDeleted?: boolean; deletedDocument?: boolean } = {}) {
  let query = q
    .selectFrom("Annotation as a")
    .innerJoin("Document as d", "d.id", "a.documentId")
    .select([...ANNOTATION_COLUMNS, "d.version as documentVersion"]);
  // deletedDocument: of a document deleted too (an admin's look at it before restoring it)
  if (!options.deletedDocument) query = query.where("d.deletedAt", "is", null);
  if (!options.includeDeleted) query = query.where("a.deletedAt", "is", null);
  return query;
}

// ---------------------------------------------------------------------------------------------
// Reads

const isOrphaned = (r: AnnotationRow) => r[COL.anchorState] === "orphaned";

/**
 * The live annotations of a live document (`deletedDocument`: of a deleted one too) in document order
 * (start, longer spans first, age, id), the orphaned ones (no place in the current text) last, in the
 * same order of their last placement.
 */
export async function findDocumentAnnotations(documentId: string, q: Db | Tx = db, options: { deletedDocument?: boolean } = {}): Promise<AnnotationRecord[]> {
  const rows = await selectRows(q, annotations(q, options).where("a.documentId", "=", documentId).orderBy("a.start").orderBy("a.end", "desc").orderBy("a.createdAt").orderBy("a.id"));
  return recordsOf(q, [...rows.filter((r) => !isOrphaned(r)), ...rows.filter(isOrphaned)]);
}

/**
 * One annotation of a live document: a live one; with `includeDeleted` (an admin's restore view and the
 * writes that check state themselves) also a deleted one.
 */
/**
 * Hold an annotation for the rest of this write, so that writes which read it and then decide (an edit,
 * a dispute that must differ from the class and find no ruling, a ruling that resolves disputes) take
 * turns. On PostgreSQL a row lock (read committed would let two such writes read the same state); on
 * SQLite every write already holds the database's one write lock.
 */
export async function lockAnnotation(tx: Tx, id: string): Promise<void> {
  if (engine === "postgres") await tx.selectFrom("Annotation").select("id").where("id", "=", id).forUpdate().execute();
}

export async function findAnnotationRecord(id: string, options: { includeDeleted?: boolean } = {}, q: Db | Tx = db): Promise<AnnotationRecord | null> {
  const rows = await selectRows(q, annotations(q, options).where("a.id", "=", id));
  return rows.length ? (await recordsOf(q, rows))[0] : null;
}

/** Live annotations of live documents among `ids` (in no particular order). */
export async function findAnnotationRecords(ids: string[], q: Db | Tx = db): Promise<AnnotationRecord[]> {
  const rows = await inChunks([...new Set(ids)], (chunk) => selectRows(q, annotations(q).where("a.id", "in", chunk)));
  return recordsOf(q, rows);
}

/** Where an annotation is, and whether it (or its document) is deleted: for authorization checks. */
export async function findAnnotationState(
  id: string,
  q: Db | Tx = db,
): Promise<{ id: string; documentId: string; authorId: string; deleted: boolean; documentDeleted: boolean } | null> {
  const row = await q
    .selectFrom("Annotation as a")
    .innerJoin("Document as d", "d.id", "a.documentId")
    .select(["a.id", "a.documentId", "a.authorId", "a.deletedAt", "d.deletedAt as documentDeletedAt"])
    .where("a.id", "=", id)
    .executeTakeFirst();
  return row
    ? { id: row.id, documentId: row.documentId, authorId: row.authorId, deleted: row.deletedAt !== null, documentDeleted: row.documentDeletedAt !== null }
    : null;
}

type RevisionRow = Selectable<DB["AnnotationRevision"]>;

const toRevision = (r: RevisionRow): RevisionRecord => ({
  version: r.version,
  editorId: r.editorId,
  createdAt: toIso(r.createdAt),
  changed: JSON.parse(r.changed) as string[],
  classification: r.classification as Classification,
  note: r.note,
  noteText: r.noteText,
  evidence: (JSON.parse(r.evidence) as EvidenceDTO[]).map((e) => evidenceEntry(e.citation, e.url)),
});

/** Earlier versions of an annotation, newest first. */
export async function findRevisions(annotationId: string): Promise<RevisionRecord[]> {
  const rows = await db.selectFrom("AnnotationRevision").selectAll().where("annotationId", "=", annotationId).orderBy("version", "desc").execute();
  return rows.map(toRevision);
}

/**
 * The history the native export carries for a page of annotations: the revisions of those with
 * `revised` (edited at least once: version > 1), oldest first, and the archived placements of those with
 * `placed` (their document has more than one version, or a person decided a placement), in the order
 * they were archived. Most annotations have neither, and then no query runs.
 */
export async function findExportHistory(q: Db, revised: string[], placed: string[]): Promise<Map<string, AnnotationHistory>> {
  const out = new Map<string, AnnotationHistory>();
  const of = (id: string) => {
    let h = out.get(id);
    if (!h) out.set(id, (h = { revisions: [], placements: [] }));
    return h;
  };
  const revisions = revised.length
    ? await inChunks(revised, (chunk) => q.selectFrom("AnnotationRevision").selectAll().where("annotationId", "in", chunk).orderBy("annotationId").orderBy("version").execute())
    : [];
  for (const r of revisions) of(r.annotationId).revisions.push(toRevision(r));
  const placements = placed.length
    ? await inChunks(placed, (chunk) => q.selectFrom("AnnotationPlacement").selectAll().where("annotationId", "in", chunk).orderBy("id").execute())
    : [];
  for (const p of placements) {
    of(p.annotationId).placements.push({
      version: p.version,
      start: p.start,
      end: p.end,
      quote: p.quote,
      prefix: p.prefix,
      suffix: p.suffix,
      state: p.state as AnchorState,
      detail: parseDetail(p.detail),
      supersededAt: toIso(p.supersededAt),
    });
  }
  return out;
}

/** Soft-deleted annotations of live documents, newest deletion first, with their document's title. */
export async function findDeletedAnnotations(limit: number): Promise<Array<AnnotationRecord & { documentTitle: string }>> {
  const rows = await selectRows(
    db,
    db
      .selectFrom("Annotation as a")
      .innerJoin("Document as d", "d.id", "a.documentId")
      .select([...ANNOTATION_COLUMNS, "d.version as documentVersion", "d.title as documentTitle"])
      .where("a.deletedAt", "is not", null)
      .where("d.deletedAt", "is", null)
      .orderBy("a.deletedAt", "desc")
      .limit(limit),
  );
  const records = await recordsOf(db, rows);
  return records.map((r, i) => ({ ...r, documentTitle: rows[i][DOCUMENT_VERSION + 1] as string }));
}

/** Live annotations per document and author, for the documents given (library counts). */
export async function countByDocumentAndAuthor(documentIds: string[]): Promise<Array<{ documentId: string; authorId: string; n: number }>> {
  const rows = await inChunks(documentIds, (chunk) =>
    db
      .selectFrom("Annotation")
      .select((eb) => ["documentId", "authorId", eb.fn.countAll<number>().as("n")])
      .where("documentId", "in", chunk)
      .where("deletedAt", "is", null)
      .groupBy(["documentId", "authorId"])
      .execute(),
  );
  return rows.map((r) => ({ documentId: r.documentId, authorId: r.authorId, n: Number(r.n) }));
}

/** The spans of a document's live annotations, in start order (the suggested claims leave out passages annotated already). */
export async function findAnnotationSpans(documentId: string): Promise<Array<{ start: number; end: number }>> {
  return db
    .selectFrom("Annotation")
    .select(["start", "end"])
    .where("documentId", "=", documentId)
    .where("deletedAt", "is", null)
    .orderBy("start")
    .orderBy("end", "desc")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The reader: compact spans for the highlights, and details by id for the cards on screen

/**
 * The reader's compact form of a document's live annotations, in document order: span, class, author,
 * counts and flags, without notes or evidence. Four queries for the lot, each one index range.
 */
export async function findDocumentSpans(documentId: string, q: Db | Tx = db): Promise<SpanRecord[]> {
  const rows = await q
    .selectFrom("Annotation as a")
    .leftJoin("Ruling as ru", "ru.annotationId", "a.id")
    .select((eb) => ["a.id", "a.start", "a.end", "a.classification", "a.authorId", "a.version", "a.anchorState", "ru.classification as ruling", eb("a.noteText", "<>", "").as("hasNote")])
    .where("a.documentId", "=", documentId)
    .where("a.deletedAt", "is", null)
    // an orphaned annotation has no place in the text (the list shows it from the full records)
    .where((eb) => eb.or([eb("a.anchorState", "is", null), eb("a.anchorState", "!=", "orphaned")]))
    .orderBy("a.start")
    .orderBy("a.end", "desc")
    .orderBy("a.createdAt")
    .orderBy("a.id")
    .execute();
  if (rows.length === 0) return [];
  // One after another: `q` may be a transaction.
  const verdicts = await q
    .selectFrom("Verdict as v")
    .innerJoin("Annotation as a", "a.id", "v.annotationId")
    .select((eb) => ["v.annotationId", "v.verdict", eb.fn.countAll<number>().as("n")])
    .where("a.documentId", "=", documentId)
    .where("a.deletedAt", "is", null)
    .where("v.resolvedAt", "is", null) // open disputes only (and agrees, which never resolve)
    .groupBy(["v.annotationId", "v.verdict"])
    .execute();
  const replies = await q
    .selectFrom("Reply as r")
    .innerJoin("Annotation as a", "a.id", "r.annotationId")
    .select((eb) => ["r.annotationId", eb.fn.countAll<number>().as("n")])
    .where("a.documentId", "=", documentId)
    .where("a.deletedAt", "is", null)
    .where("r.deletedAt", "is", null)
    .groupBy("r.annotationId")
    .execute();
  const evidence = await q
    .selectFrom("Evidence as e")
    .innerJoin("Annotation as a", "a.id", "e.annotationId")
    .select("e.annotationId")
    .distinct()
    .where("a.documentId", "=", documentId)
    .where("a.deletedAt", "is", null)
    .execute();
  const agrees = new Map<string, number>();
  const disputes = new Map<string, number>();
  for (const v of verdicts) (v.verdict === "agree" ? agrees : disputes).set(v.annotationId, Number(v.n));
  const replyCounts = new Map(replies.map((r) => [r.annotationId, Number(r.n)]));
  const withEvidence = new Set(evidence.map((e) => e.annotationId));
  return rows.map((a) => ({
    id: a.id,
    start: a.start,
    end: a.end,
    classification: a.classification as Classification,
    authorId: a.authorId,
    // 0/1 on SQLite, a boolean on PostgreSQL
    hasNote: Boolean(a.hasNote),
    hasEvidence: withEvidence.has(a.id),
    edited: a.version > 1,
    agrees: agrees.get(a.id) ?? 0,
    disputes: disputes.get(a.id) ?? 0,
    replies: replyCounts.get(a.id) ?? 0,
    ruling: (a.ruling ?? null) as Classification | null,
    fuzzy: a.anchorState === "fuzzy",
  }));
}

const compare = (x: unknown, y: unknown) => ((x as string) < (y as string) ? -1 : (x as string) > (y as string) ? 1 : 0);
const inDocumentOrder = (x: AnnotationRow, y: AnnotationRow) =>
  (x[COL.start] as number) - (y[COL.start] as number) ||
  (y[COL.end] as number) - (x[COL.end] as number) ||
  compare(x[COL.createdAt], y[COL.createdAt]) ||
  compare(x[COL.id], y[COL.id]);

/** Live annotations of a document by id, in document order (ids of other documents or deleted ones are left out). */
export async function findAnnotationsByIds(documentId: string, ids: string[], q: Db | Tx = db): Promise<AnnotationRecord[]> {
  const rows = await inChunks(ids, (chunk) => selectRows(q, annotations(q).where("a.documentId", "=", documentId).where("a.id", "in", chunk)));
  return recordsOf(q, rows.sort(inDocumentOrder));
}

/**
 * Where an annotation of this document sits in document order (deleted ones too, so a page's cursor
 * survives a deletion), or null when it is not one of the document's annotations.
 */
export async function findAnnotationKey(documentId: string, id: string, q: Db | Tx = db): Promise<AnnotationKey | null> {
  const row = await q.selectFrom("Annotation").select(["start", "end", "createdAt", "id"]).where("id", "=", id).where("documentId", "=", documentId).executeTakeFirst();
  return row ?? null;
}

export interface SummaryRow {
  id: string;
  documentId: string;
  start: number;
  end: number;
  classification: Classification;
  authorId: string;
  /** Open disputes. */
  disputes: number;
  replies: number;
  /** The ruling's class, if the annotation has one. */
  ruling: Classification | null;
  /** Its passage is gone from the current text (start and end are then 0). */
  orphaned?: boolean;
}

/**
 * What the reliability summary needs of the live annotations of some live documents (or all).
 * One query per table, each reading only its columns as arrays: the annotations (an index range per
 * document, then their rows), then the open disputes, live replies and rulings of those annotations
 * (the same index range joined to each table's annotationId index). `q`: a snapshot (read()) when the
 * caller reads something with them that must match them, e.g. a cache stamp.
 */
export async function findSummaryRows(documentIds?: string[], q: Db | Tx = db): Promise<SummaryRow[]> {
  const load = async (chunk?: string[]) => {
    // Each query: the live annotations of live documents (the chunk's, when given), joined to its table.
    const live = (eb: ExpressionBuilder<DB & { a: DB["Annotation"]; d: DB["Document"] }, "a" | "d">) =>
      eb.and([eb("a.deletedAt", "is", null), eb("d.deletedAt", "is", null), ...(chunk ? [eb("a.documentId", "in", chunk)] : [])]);
    const rows = await selectRows(
      q,
      q
        .selectFrom("Annotation as a")
        .innerJoin("Document as d", "d.id", "a.documentId")
        // Orphaned ones too (no span in the current text): their open disputes and rulings still count.
        .select(["a.id", "a.documentId", "a.start", "a.end", "a.classification", "a.authorId", "a.anchorState"])
        .where(live),
    );
    if (rows.length === 0) return { rows, disputes: [], replies: [], rulings: [] };
    // One after another: `q` may be a snapshot, whose one connection takes one query at a time.
    const disputes = await selectRows(
      q,
      q
        .selectFrom("Verdict as v")
        .innerJoin("Annotation as a", "a.id", "v.annotationId")
        .innerJoin("Document as d", "d.id", "a.documentId")
        .select((eb) => ["v.annotationId", eb.fn.countAll<number>().as("n")])
        .where(live)
        .where("v.verdict", "=", "dispute")
        .where("v.resolvedAt", "is", null)
        .groupBy("v.annotationId"),
    );
    const replies = await selectRows(
      q,
      q
        .selectFrom("Reply as r")
        .innerJoin("Annotation as a", "a.id", "r.annotationId")
        .innerJoin("Document as d", "d.id", "a.documentId")
        .select((eb) => ["r.annotationId", eb.fn.countAll<number>().as("n")])
        .where(live)
        .where("r.deletedAt", "is", null)
        .groupBy("r.annotationId"),
    );
    const rulings = await selectRows(
      q,
      q
        .selectFrom("Ruling as ru")
        .innerJoin("Annotation as a", "a.id", "ru.annotationId")
        .innerJoin("Document as d", "d.id", "a.documentId")
        .select(["ru.annotationId", "ru.classification"])
        .where(live),
    );
    return { rows, disputes, replies, rulings };
  };
  const parts = documentIds ? await inChunks(documentIds, async (chunk) => [await load(chunk)]) : [await load()];
  const disputes = new Map<string, number>();
  const replies = new Map<string, number>();
  const rulings = new Map<string, Classification>();
  for (const part of parts) {
    for (const row of part.disputes) disputes.set(row[0] as string, Number(row[1]));
    for (const row of part.replies) replies.set(row[0] as string, Number(row[1]));
    for (const row of part.rulings) rulings.set(row[0] as string, row[1] as Classification);
  }
  const out: SummaryRow[] = [];
  for (const part of parts) {
    for (const row of part.rows) {
      const id = row[0] as string;
      const orphaned = row[6] === "orphaned";
      out.push({
        id,
        documentId: row[1] as string,
        start: orphaned ? 0 : (row[2] as number),
        end: orphaned ? 0 : (row[3] as number),
        classification: row[4] as Classification,
        authorId: row[5] as string,
        disputes: disputes.get(id) ?? 0,
        replies: replies.get(id) ?? 0,
        ruling: rulings.get(id) ?? null,
        ...(orphaned ? { orphaned } : {}),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writes (inside write(), lib/store/engine.ts)

/** The fields of an annotation as stored, shared by a new annotation and an imported one. */
type AnnotationContent = Pick<AnnotationRecord, "authorId" | "start" | "end" | "quote" | "prefix" | "suffix" | "classification" | "note" | "noteText" | "evidence">;

export interface NewAnnotation extends AnnotationContent {
  documentId: string;
  /** Accepted from a suggested claim: its kind and reason. */
  suggestion?: { kind: SuggestionKind; reason: string } | null;
  /** The document version start and end are on (the current one: a person selected the passage there). */
  anchorVersion: number;
}

const insertEvidenceRow = prepared<{ id: string; annotationId: string; position: number; citation: string | null; url: string | null }, unknown>((q, v) =>
  q.insertInto("Evidence").values({ id: v("id"), annotationId: v("annotationId"), position: v("position"), citation: v("citation"), url: v("url") }),
);

async function insertEvidence(tx: Tx, annotationId: string, evidence: EvidenceDTO[]) {
  for (const [position, e] of evidence.entries()) {
    await insertEvidenceRow(tx, { id: newId(), annotationId, position, citation: e.citation ?? null, url: e.url ?? null });
  }
}

type AnnotationInsert = Insertable<DB["Annotation"]>;
const insertAnnotationRow = prepared<Required<Omit<AnnotationInsert, "deletedAt" | "deletedById" | "anchorDetail">>, unknown>((q, v) =>
  q.insertInto("Annotation").values({
    id: v("id"),
    documentId: v("documentId"),
    authorId: v("authorId"),
    start: v("start"),
    end: v("end"),
    quote: v("quote"),
    prefix: v("prefix"),
    suffix: v("suffix"),
    classification: v("classification"),
    note: v("note"),
    noteText: v("noteText"),
    anchorVersion: v("anchorVersion"),
    suggestionKind: v("suggestionKind"),
    suggestionReason: v("suggestionReason"),
    anchorState: v("anchorState"),
    version: v("version"),
    createdAt: v("createdAt"),
    updatedAt: v("updatedAt"),
  }),
);

export async function insertAnnotation(tx: Tx, input: NewAnnotation, at = storedTime()): Promise<AnnotationRecord> {
  const id = newId();
  const { evidence, suggestion, ...fields } = input;
  const suggestionKind = suggestion?.kind ?? null;
  const suggestionReason = suggestion?.reason ?? null;
  await insertAnnotationRow(tx, { id, ...fields, suggestionKind, suggestionReason, anchorState: "exact", version: 1, createdAt: at, updatedAt: at });
  await insertEvidence(tx, id, evidence);
  return {
    id,
    ...fields,
    version: 1,
    createdAt: toIso(at),
    updatedAt: toIso(at),
    deletedAt: null,
    deletedById: null,
    suggestionKind,
    suggestionReason,
    evidence: evidence.map((e) => evidenceEntry(e.citation, e.url)),
    verdicts: [],
    replyCount: 0,
    ruling: null,
    anchorState: "exact",
    anchorDetail: null,
  };
}

/**
 * Edit an annotation, keeping the state before the edit as a revision (who, when, which fields). The
 * current state is read inside the transaction, so concurrent edits each record what they replaced.
 * Returns null when the annotation is not live, and the unchanged record when nothing changed.
 */
export async function editAnnotation(
  tx: Tx,
  input: { id: string; editorId: string; classification?: Classification; note?: { json: string; text: string }; evidence?: EvidenceDTO[]; expectedVersion?: number },
): Promise<{ record: AnnotationRecord; changed: boolean; conflict?: true } | null> {
  await lockAnnotation(tx, input.id);
  const current = await findAnnotationRecord(input.id, {}, tx);
  if (!current) return null;
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) return { record: current, changed: false, conflict: true };
  const next = {
    classification: input.classification ?? current.classification,
    note: input.note?.json ?? current.note,
    noteText: input.note?.text ?? current.noteText,
    evidence: input.evidence?.map((e) => evidenceEntry(e.citation, e.url)) ?? current.evidence,
  };
  const changed = [
    next.classification !== current.classification && "classification",
    next.note !== current.note && "note",
    JSON.stringify(next.evidence) !== JSON.stringify(current.evidence) && "evidence",
  ].filter((f): f is string => !!f);
  if (changed.length === 0) return { record: current, changed: false };
  const at = storedTime();
  await tx
    .insertInto("AnnotationRevision")
    .values({
      id: newId(),
      annotationId: current.id,
      version: current.version,
      editorId: input.editorId,
      createdAt: at,
      changed: JSON.stringify(changed),
      classification: current.classification,
      note: current.note,
      noteText: current.noteText,
      evidence: JSON.stringify(current.evidence),
    })
    .execute();
  await tx
    .updateTable("Annotation")
    .set({ classification: next.classification, note: next.note, noteText: next.noteText, version: sql`"version" + 1`, updatedAt: at })
    .where("id", "=", current.id)
    .execute();
  if (input.evidence) {
    await tx.deleteFrom("Evidence").where("annotationId", "=", current.id).execute();
    await insertEvidence(tx, current.id, next.evidence);
  }
  return { record: (await findAnnotationRecord(current.id, {}, tx))!, changed: true };
}

/** Soft-delete (deletedById set) or restore (deletedById null); null when it was already in that state or its document is deleted. */
export async function setAnnotationDeleted(tx: Tx, id: string, deletedById: string | null): Promise<AnnotationRecord | null> {
  const at = storedTime();
  const base = tx
    .updateTable("Annotation")
    .where("id", "=", id)
    .where("documentId", "in", (eb) => eb.selectFrom("Document").select("id").where("deletedAt", "is", null));
  const result = deletedById
    ? await base.set({ deletedAt: at, deletedById, updatedAt: at }).where("deletedAt", "is", null).executeTakeFirst()
    : await base.set({ deletedAt: null, deletedById: null, updatedAt: at }).where("deletedAt", "is not", null).executeTakeFirst();
  if (result.numUpdatedRows === BigInt(0)) return null;
  return findAnnotationRecord(id, { includeDeleted: true }, tx);
}

// ---------------------------------------------------------------------------------------------
// Placements on document versions. The current placement is on Annotation; before it changes (a new
// version re-anchors it, a person confirms, re-places or orphans it) it is copied to AnnotationPlacement.

/** What re-anchoring needs of an annotation (deleted ones too: a restored annotation is then in place). */
export interface AnchorRow {
  id: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  anchorState: AnchorState;
  anchorDetail: AnchorDetail | null;
  deleted: boolean;
}

/** Every annotation of a document, deleted ones included, with its current placement. */
export async function findAnchorRows(tx: Tx, documentId: string): Promise<AnchorRow[]> {
  const rows = await tx
    .selectFrom("Annotation")
    .select(["id", "start", "end", "quote", "prefix", "suffix", "anchorState", "anchorDetail", "deletedAt"])
    .where("documentId", "=", documentId)
    .orderBy("start")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    start: r.start,
    end: r.end,
    quote: r.quote,
    prefix: r.prefix,
    suffix: r.suffix,
    anchorState: (r.anchorState ?? "exact") as AnchorState,
    anchorDetail: parseDetail(r.anchorDetail),
    deleted: r.deletedAt !== null,
  }));
}

/**
 * Copies the current placement of every annotation of a document (or of one annotation) to the
 * placement history, in one statement. `documentVersion` is the version a null anchorVersion stands for.
 */
export async function archivePlacements(tx: Tx, scope: { documentId: string } | { annotationId: string }, documentVersion: number): Promise<void> {
  await tx
    .insertInto("AnnotationPlacement")
    .columns(["annotationId", "version", "start", "end", "quote", "prefix", "suffix", "state", "detail"])
    .expression((eb) => {
      const select = eb
        .selectFrom("Annotation")
        .select((s) => [
          "id",
          s.fn.coalesce("anchorVersion", s.val(documentVersion)).as("version"),
          "start",
          "end",
          "quote",
          "prefix",
          "suffix",
          s.fn.coalesce("anchorState", s.val("exact")).as("state"),
          "anchorDetail",
        ]);
      return "documentId" in scope ? select.where("documentId", "=", scope.documentId) : select.where("id", "=", scope.annotationId);
    })
    .execute();
}

/** A placement to make current (for an orphaned annotation, start to suffix are the last placement's: kept, not shown). */
export type PlacementWrite = Omit<PlacementRecord, "supersededAt">;

/** Sets an annotation's current placement (archive the old one first). Never touches updatedAt: the annotation's content did not change. */
export async function setPlacement(tx: Tx, id: string, p: PlacementWrite): Promise<void> {
  await tx
    .updateTable("Annotation")
    .set({
      start: p.start,
      end: p.end,
      quote: p.quote,
      prefix: p.prefix,
      suffix: p.suffix,
      anchorState: p.state,
      anchorVersion: p.version,
      anchorDetail: p.detail ? JSON.stringify(p.detail) : null,
    })
    .where("id", "=", id)
    .execute();
}

export type PastPlacement = Omit<PlacementRecord, "version" | "supersededAt"> & { annotationId: string };

/** Where the live annotations of a document were when `version` was current: the last archived placement of each on it. */
export async function findPlacementsOn(documentId: string, version: number): Promise<Map<string, PastPlacement>> {
  const rows = await db
    .selectFrom("AnnotationPlacement as p")
    .innerJoin("Annotation as a", "a.id", "p.annotationId")
    .select(["p.annotationId", "p.start", "p.end", "p.quote", "p.prefix", "p.suffix", "p.state", "p.detail"])
    .where("a.documentId", "=", documentId)
    .where("a.deletedAt", "is", null)
    .where("p.version", "=", version)
    .orderBy("p.id")
    .execute();
  const out = new Map<string, PastPlacement>();
  for (const r of rows) out.set(r.annotationId, { ...r, state: r.state as AnchorState, detail: parseDetail(r.detail) });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Replies


/** Live replies of an annotation, oldest first. */
export async function findReplies(annotationId: string): Promise<ReplyRecord[]> {
  const rows = await db
    .selectFrom("Reply as r")
    .select(REPLY_COLUMNS)
    .where("r.annotationId", "=", annotationId)
    .where("r.deletedAt", "is", null)
    .orderBy("r.createdAt")
    .orderBy("r.id")
    .execute();
  return rows.map(toReply);
}

/** A live reply on a live annotation of a live document, with where it is. */
export async function findLiveReply(id: string, q: Db | Tx = db): Promise<(ReplyRecord & { documentId: string }) | null> {
  const row = await q
    .selectFrom("Reply as r")
    .innerJoin("Annotation as a", "a.id", "r.annotationId")
    .innerJoin("Document as d", "d.id", "a.documentId")
    .select([...REPLY_COLUMNS, "a.documentId"])
    .where("r.id", "=", id)
    .where("r.deletedAt", "is", null)
    .where("a.deletedAt", "is", null)
    .where("d.deletedAt", "is", null)
    .executeTakeFirst();
  return row ? { ...toReply(row), documentId: row.documentId } : null;
}

/** The live replies, on live annotations of live documents, among these ids. */
export async function findLiveReplies(ids: string[]): Promise<ReplyRecord[]> {
  const rows = await inChunks([...new Set(ids)], (chunk) =>
    db
      .selectFrom("Reply as r")
      .innerJoin("Annotation as a", "a.id", "r.annotationId")
      .innerJoin("Document as d", "d.id", "a.documentId")
      .select(REPLY_COLUMNS)
      .where("r.id", "in", chunk)
      .where("r.deletedAt", "is", null)
      .where("a.deletedAt", "is", null)
      .where("d.deletedAt", "is", null)
      .execute(),
  );
  return rows.map(toReply);
}

export async function insertReply(tx: Tx, input: { annotationId: string; authorId: string; body: string; bodyText: string }): Promise<ReplyRecord> {
  const at = storedTime();
  const row = { id: newId(), ...input, createdAt: at, updatedAt: at };
  await tx.insertInto("Reply").values(row).execute();
  return toReply(row);
}

export async function updateReplyBody(
  tx: Tx,
  id: string,
  body: { body: string; bodyText: string },
  at = storedTime(),
): Promise<(ReplyRecord & { documentId: string }) | null> {
  await tx.updateTable("Reply").set({ ...body, updatedAt: at }).where("id", "=", id).where("deletedAt", "is", null).execute();
  return findLiveReply(id, tx);
}

export async function setReplyDeleted(tx: Tx, id: string): Promise<boolean> {
  const result = await tx.updateTable("Reply").set({ deletedAt: storedTime() }).where("id", "=", id).where("deletedAt", "is", null).executeTakeFirst();
  return result.numUpdatedRows > BigInt(0);
}

// ---------------------------------------------------------------------------------------------
// Verdicts

export async function upsertVerdict(
  tx: Tx,
  input: { annotationId: string; reviewerId: string; verdict: "agree" | "dispute"; proposedClass: Classification | null },
): Promise<void> {
  const at = storedTime();
  await tx
    .insertInto("Verdict")
    .values({ id: newId(), ...input, createdAt: at, updatedAt: at })
    // Given again, a verdict is a new judgement: a dispute is open again whatever became of the earlier one.
    .onConflict((oc) =>
      oc.columns(["annotationId", "reviewerId"]).doUpdateSet({ verdict: input.verdict, proposedClass: input.proposedClass, updatedAt: at, resolvedAt: null, resolution: null }),
    )
    .execute();
}

/** The caller's stored verdict on an annotation, if any. */
export async function findVerdict(tx: Tx, annotationId: string, reviewerId: string): Promise<VerdictRecord | null> {
  const row = await tx
    .selectFrom("Verdict")
    .select(["annotationId", "reviewerId", "verdict", "proposedClass", "createdAt", "updatedAt", "resolvedAt", "resolution"])
    .where("annotationId", "=", annotationId)
    .where("reviewerId", "=", reviewerId)
    .executeTakeFirst();
  return row ? toVerdict(row) : null;
}

/**
 * Resolve the open disputes of an annotation: those proposing `proposedClass` (the author adopted it), or
 * all of them (an editor ruled). Returns how many were resolved.
 */
export async function resolveDisputes(tx: Tx, annotationId: string, resolution: DisputeResolution, proposedClass?: Classification, at = storedTime()): Promise<number> {
  let query = tx
    .updateTable("Verdict")
    .set({ resolvedAt: at, resolution })
    .where("annotationId", "=", annotationId)
    .where("verdict", "=", "dispute")
    .where("resolvedAt", "is", null);
  if (proposedClass) query = query.where("proposedClass", "=", proposedClass);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Reopen the disputes a ruling resolved (the ruling was withdrawn), except those proposing the class the
 * annotation has now: the author has adopted that one in the meantime, so it counts as adopted.
 */
export async function reopenRuledDisputes(tx: Tx, annotationId: string, currentClass: Classification, at = storedTime()): Promise<number> {
  await tx
    .updateTable("Verdict")
    .set({ resolution: "adopted", resolvedAt: at })
    .where("annotationId", "=", annotationId)
    .where("resolution", "=", "ruled")
    .where("proposedClass", "=", currentClass)
    .execute();
  const result = await tx
    .updateTable("Verdict")
    .set({ resolvedAt: null, resolution: null })
    .where("annotationId", "=", annotationId)
    .where("resolution", "=", "ruled")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---------------------------------------------------------------------------------------------
// Rulings

export async function findRuling(q: Db | Tx, annotationId: string): Promise<RulingRecord | null> {
  const row = await q.selectFrom("Ruling").select(RULING_COLUMNS).where("annotationId", "=", annotationId).executeTakeFirst();
  return row ? toRuling(row) : null;
}

/** Record or replace the ruling of an annotation (one per annotation; createdAt kept on a change). */
export async function upsertRuling(
  tx: Tx,
  input: { annotationId: string; editorId: string; classification: Classification; rationale: string; rationaleText: string },
  at = storedTime(),
): Promise<void> {
  await tx
    .insertInto("Ruling")
    .values({ id: newId(), ...input, createdAt: at, updatedAt: at })
    .onConflict((oc) =>
      oc.column("annotationId").doUpdateSet({
        editorId: input.editorId,
        classification: input.classification,
        rationale: input.rationale,
        rationaleText: input.rationaleText,
        updatedAt: at,
      }),
    )
    .execute();
}

export async function deleteRuling(tx: Tx, annotationId: string): Promise<boolean> {
  const result = await tx.deleteFrom("Ruling").where("annotationId", "=", annotationId).executeTakeFirst();
  return result.numDeletedRows > BigInt(0);
}

export interface OpenDisputeRow {
  annotationId: string;
  documentId: string;
  documentTitle: string;
  quote: string;
  classification: Classification;
  authorId: string;
  /** Open disputes on the annotation. */
  disputes: number;
  /** The earliest updatedAt among its open disputes: how long the oldest has waited. */
  since: string;
}

/**
 * Live annotations of live documents with open disputes and no ruling, the longest-waiting first
 * (by their oldest open dispute, then id), one page at a time, with the total.
 */
export async function findOpenDisputes(options: { limit: number; offset: number }): Promise<{ rows: OpenDisputeRow[]; total: number }> {
  const rows = await openDisputesPage(options.limit, options.offset).execute();
  const total = await openDisputes()
    .select((eb) => eb.fn.count<number>("a.id").distinct().as("n"))
    .executeTakeFirstOrThrow();
  return {
    rows: rows.map((r) => ({
      annotationId: r.annotationId,
      documentId: r.documentId,
      documentTitle: r.documentTitle,
      quote: r.quote,
      classification: r.classification as Classification,
      authorId: r.authorId,
      disputes: Number(r.disputes),
      since: toIso(r.since as string),
    })),
    total: Number(total.n),
  };
}

/** The query of one page of the open disputes queue (its test checks SQLite's plan for it). */
export function openDisputesPage(limit: number, offset: number) {
  return openDisputes()
    .select((eb) => [
      "a.id as annotationId",
      "a.documentId",
      "d.title as documentTitle",
      "a.quote",
      "a.classification",
      "a.authorId",
      eb.fn.countAll<number>().as("disputes"),
      eb.fn.min("v.updatedAt").as("since"),
    ])
    .groupBy(["a.id", "a.documentId", "d.title", "a.quote", "a.classification", "a.authorId"])
    .orderBy("since")
    .orderBy("a.id")
    .limit(limit)
    .offset(offset);
}

/**
 * Open disputes on live annotations of live documents without a ruling. From the open disputes (their
 * partial index, Verdict_open_dispute_idx) to their annotations: a cross join keeps SQLite's planner to
 * that order (PostgreSQL plans it as the inner join it is). Joined the usual way, SQLite went through
 * every live annotation of the corpus to probe its verdicts.
 */
function openDisputes() {
  return db
    .selectFrom("Verdict as v")
    .crossJoin("Annotation as a")
    .whereRef("a.id", "=", "v.annotationId")
    .innerJoin("Document as d", "d.id", "a.documentId")
    .leftJoin("Ruling as ru", "ru.annotationId", "a.id")
    .where("v.verdict", "=", "dispute")
    .where("v.resolvedAt", "is", null)
    .where("a.deletedAt", "is", null)
    .where("d.deletedAt", "is", null)
    .where("ru.id", "is", null);
}

export async function deleteVerdict(tx: Tx, annotationId: string, reviewerId: string): Promise<boolean> {
  const result = await tx.deleteFrom("Verdict").where("annotationId", "=", annotationId).where("reviewerId", "=", reviewerId).executeTakeFirst();
  return result.numDeletedRows > BigInt(0);
}

// ---------------------------------------------------------------------------------------------
// Responses to a person's work (lib/annotations/responses.ts)

export type ResponseKind = "reply" | "verdict" | "ruling";

/** Someone else's reply, verdict or ruling on a person's annotation, or a reply after theirs in a thread. */
export interface ResponseRow {
  kind: ResponseKind;
  /** The reply's, verdict's or ruling's id. */
  id: string;
  /** When it was written (a reply) or last changed (a verdict, a ruling). */
  at: string;
  byId: string;
  annotationId: string;
  annotationAuthorId: string;
  documentId: string;
  documentTitle: string;
  quote: string;
  classification: Classification;
  replyText: string | null;
  verdict: "agree" | "dispute" | null;
  proposedClass: Classification | null;
  resolved: boolean;
  rulingClass: Classification | null;
}

/** More annotations than this, and a person's responses are read from the corpus's newest (findResponses). */
const PROLIFIC_AUTHOR = 2000;

/**
 * How findResponses reads a person's responses. Who wrote much is answered often: from their annotations,
 * every reply, verdict and ruling on each would be probed (a reviewer of 20,000 annotations: 150 ms for a
 * count), so theirs are read "by-time", from the newest replies, verdicts and rulings of the corpus (indexes
 * by time), stopping at the page's end; one who wrote little is read "by-author", from their own
 * annotations. Decided once per request (a page and its count of new ones read both ways alike).
 */
export type ResponsesPlan = "by-time" | "by-author";

/** The plan for `userId`: by time above `prolificAbove` live annotations (the tests' way to take either). */
export async function responsesPlan(userId: string, prolificAbove = PROLIFIC_AUTHOR): Promise<ResponsesPlan> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom("Annotation").select("id").where("authorId", "=", userId).where("deletedAt", "is", null).limit(prolificAbove + 1).as("x"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) > prolificAbove ? "by-time" : "by-author";
}

/** Where a page of responses ended: newest first, by time then id. */
export interface ResponseCursor {
  at: string;
  id: string;
}

export interface ResponseWindow {
  /** Only those older than this (the previous page's last). */
  before?: ResponseCursor;
  /** Only those newer than this stored time (what is new since a visit). */
  after?: string;
  limit: number;
}

/**
 * Responses to `userId`'s work, newest first, up to `limit` of each kind (the service merges them):
 * replies by others on their live annotations, and replies by others after their own first reply in
 * another's thread; verdicts by others on their annotations; rulings by others on them. Only live
 * annotations of live documents, and live replies. `plan`: see ResponsesPlan.
 */
export async function findResponses(userId: string, window: ResponseWindow, plan: ResponsesPlan): Promise<ResponseRow[]> {
  const common = ["a.id as annotationId", "a.authorId as annotationAuthorId", "a.documentId", "d.title as documentTitle", "a.quote", "a.classification"] as const;
  // By time, CROSS JOIN keeps SQLite's planner to the order written (PostgreSQL plans it as the inner
  // join it is, by its statistics).
  const prolific = plan === "by-time";
  const [ownReplies, threadReplies, verdicts, rulings] = await Promise.all([
    (prolific
      ? db.selectFrom("Reply as r").crossJoin("Annotation as a").whereRef("a.id", "=", "r.annotationId")
      : db.selectFrom("Annotation as a").innerJoin("Reply as r", "r.annotationId", "a.id")
    )
      .innerJoin("Document as d", "d.id", "a.documentId")
      .where("a.authorId", "=", userId)
      .where("a.deletedAt", "is", null)
      .where("d.deletedAt", "is", null)
      .where("r.deletedAt", "is", null)
      .where("r.authorId", "!=", userId)
      .where(inWindow("r.createdAt", "r.id", window))
      .select([...common, "r.id", "r.createdAt as at", "r.authorId as byId", "r.bodyText"])
      .orderBy("r.createdAt", "desc")
      .orderBy("r.id", "desc")
      .limit(window.limit)
      .execute(),
    db
        .selectFrom("Reply as r")
        .innerJoin("Annotation as a", "a.id", "r.annotationId")
        .innerJoin("Document as d", "d.id", "a.documentId")
        .where("r.annotationId", "in", (eb) => eb.selectFrom("Reply as m").select("m.annotationId").where("m.authorId", "=", userId).where("m.deletedAt", "is", null))
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("Reply as m")
              .select("m.id")
              .whereRef("m.annotationId", "=", "r.annotationId")
              .where("m.authorId", "=", userId)
              .where("m.deletedAt", "is", null)
              .whereRef("m.createdAt", "<", "r.createdAt"),
          ),
        )
        .where("r.deletedAt", "is", null)
        .where("r.authorId", "!=", userId)
        .where("a.authorId", "!=", userId) // replies on one's own annotations are the first query's
        .where("a.deletedAt", "is", null)
        .where("d.deletedAt", "is", null)
        .where(inWindow("r.createdAt", "r.id", window))
        .select([...common, "r.id", "r.createdAt as at", "r.authorId as byId", "r.bodyText"])
        .orderBy("r.createdAt", "desc")
        .orderBy("r.id", "desc")
        .limit(window.limit)
        .execute(),
    (prolific
      ? db.selectFrom("Verdict as v").crossJoin("Annotation as a").whereRef("a.id", "=", "v.annotationId")
      : db.selectFrom("Annotation as a").innerJoin("Verdict as v", "v.annotationId", "a.id")
    )
      .innerJoin("Document as d", "d.id", "a.documentId")
      .where("a.authorId", "=", userId)
      .where("a.deletedAt", "is", null)
      .where("d.deletedAt", "is", null)
      .where("v.reviewerId", "!=", userId)
      .where(inWindow("v.updatedAt", "v.id", window))
      .select([...common, "v.id", "v.updatedAt as at", "v.reviewerId as byId", "v.verdict", "v.proposedClass", "v.resolvedAt"])
      .orderBy("v.updatedAt", "desc")
      .orderBy("v.id", "desc")
      .limit(window.limit)
      .execute(),
    (prolific
      ? db.selectFrom("Ruling as ru").crossJoin("Annotation as a").whereRef("a.id", "=", "ru.annotationId")
      : db.selectFrom("Annotation as a").innerJoin("Ruling as ru", "ru.annotationId", "a.id")
    )
      .innerJoin("Document as d", "d.id", "a.documentId")
      .where("a.authorId", "=", userId)
      .where("a.deletedAt", "is", null)
      .where("d.deletedAt", "is", null)
      .where("ru.editorId", "!=", userId)
      .where(inWindow("ru.updatedAt", "ru.id", window))
      .select([...common, "ru.id", "ru.updatedAt as at", "ru.editorId as byId", "ru.classification as rulingClass"])
      .orderBy("ru.updatedAt", "desc")
      .orderBy("ru.id", "desc")
      .limit(window.limit)
      .execute(),
  ]);
  const base = (r: { id: string; at: unknown; byId: string; annotationId: string; annotationAuthorId: string; documentId: string; documentTitle: string; quote: string; classification: string }) => ({
    id: r.id,
    at: toIso(r.at as string),
    byId: r.byId,
    annotationId: r.annotationId,
    annotationAuthorId: r.annotationAuthorId,
    documentId: r.documentId,
    documentTitle: r.documentTitle,
    quote: r.quote,
    classification: r.classification as Classification,
    replyText: null,
    verdict: null,
    proposedClass: null,
    resolved: false,
    rulingClass: null,
  });
  return [
    ...[...ownReplies, ...threadReplies].map((r): ResponseRow => ({ ...base(r), kind: "reply", replyText: r.bodyText })),
    ...verdicts.map((r): ResponseRow => ({
      ...base(r),
      kind: "verdict",
      verdict: r.verdict as "agree" | "dispute",
      proposedClass: (r.proposedClass ?? null) as Classification | null,
      resolved: r.resolvedAt !== null,
    })),
    ...rulings.map((r): ResponseRow => ({ ...base(r), kind: "ruling", rulingClass: r.rulingClass as Classification })),
  ];
}

/** The window of findResponses for one kind's time and id columns: a condition (true when open). */
function inWindow(at: string, id: string, window: ResponseWindow): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (window.after) parts.push(sql<SqlBool>`${sql.ref(at)} > ${window.after}`);
  if (window.before) {
    const stored = storedTime(new Date(window.before.at));
    // The first term bounds an index range by time; the second skips the previous page's own time.
    parts.push(sql<SqlBool>`${sql.ref(at)} <= ${stored} AND (${sql.ref(at)} < ${stored} OR ${sql.ref(id)} < ${window.before.id})`);
  }
  return parts.length ? sql<SqlBool>`${sql.join(parts, sql` AND `)}` : sql<SqlBool>`1 = 1`;
}

// ---------------------------------------------------------------------------------------------
// Exports (on a snapshot of their own, see lib/store/engine.ts openSnapshot)

/** Where a page of annotations ended, in document order. */
export interface AnnotationKey {
  start: number;
  end: number;
  createdAt: string;
  id: string;
}

/**
 * The first key of document order. The orphaned annotations are few: ordered by an expression there, so
 * the planner finds them through Annotation_documentId_anchorState_idx and sorts the few, instead of
 * walking the order index through every annotation of the document (9 ms at 10,000 on SQLite, for none).
 */
const startOrder = (orphaned: boolean) => (orphaned ? sql<number>`${sql.ref("a.start")} + 0` : sql.ref("a.start"));

/**
 * The reader's filters of its list of orphaned annotations (OrphanListFilter), and annotations to leave out
 * (those the reader lists apart already).
 */
export interface OrphanFilter extends OrphanListFilter {
  exclude?: string[];
}

/** A document's live annotations, placed or orphaned, from `after` on (null: from the first) in document order. */
function pageQuery(q: Db | Tx, documentId: string, after: AnnotationKey | null, orphaned: boolean, filter: OrphanFilter = {}) {
  let query = q
    .selectFrom("Annotation as a")
    .where("a.documentId", "=", documentId)
    .where("a.deletedAt", "is", null)
    .where((eb) => (orphaned ? eb("a.anchorState", "=", "orphaned") : eb.or([eb("a.anchorState", "is", null), eb("a.anchorState", "!=", "orphaned")])));
  const { classification, authorId, exclude } = filter;
  if (authorId !== undefined) query = query.where("a.authorId", "=", authorId);
  if (classification !== undefined) {
    query = query.where((eb) =>
      eb(eb.fn.coalesce(eb.selectFrom("Ruling as ru").select("ru.classification").whereRef("ru.annotationId", "=", "a.id"), eb.ref("a.classification")), "=", classification),
    );
  }
  if (exclude?.length) query = query.where("a.id", "not in", exclude);
  if (after) {
    const k = after;
    query = query
      .where("a.start", ">=", k.start)
      .where((eb) =>
        eb.or([
          eb("a.start", ">", k.start),
          eb.and([
            eb("a.start", "=", k.start),
            eb.or([
              eb("a.end", "<", k.end),
              eb.and([eb("a.end", "=", k.end), eb.or([eb("a.createdAt", ">", k.createdAt), eb.and([eb("a.createdAt", "=", k.createdAt), eb("a.id", ">", k.id)])])]),
            ]),
          ]),
        ]),
      );
  }
  return query;
}

/**
 * The next `limit` live annotations of a document in document order after `after` (null: from the
 * beginning), for the reader's pages: keyset pagination, one index range seek per page (`start >= ?` lets
 * the engine seek; the OR alone would rescan the earlier rows every time).
 */
export async function findAnnotationPage(
  q: Db | Tx,
  documentId: string,
  after: AnnotationKey | null,
  limit: number,
  /** The document's current version; `orphaned`: page through the orphaned annotations, else the placed ones; `filter`: only those (orphaned ones). */
  options: { documentVersion: number; orphaned: boolean; filter?: OrphanFilter },
): Promise<{ records: AnnotationRecord[]; last: AnnotationKey | null }> {
  const { records, last } = await annotationPage(q, documentId, after, limit, options);
  return { records, last };
}

/**
 * How many orphaned annotations of a document come after `after` (null: all of them) in their order, and
 * how many of those nobody left orphaned on purpose (the "Needs check" ones): what the reader has not
 * listed yet. A person's decision is in anchorDetail's JSON, written by JSON.stringify, where the text
 * `"action":"left-orphaned"` can only be that key (a quotation mark inside a note is escaped).
 */
export async function countOrphansAfter(q: Db | Tx, documentId: string, after: AnnotationKey | null, filter?: OrphanFilter): Promise<{ count: number; needsCheck: number }> {
  const left = `%"action":"left-orphaned"%`;
  const row = await pageQuery(q, documentId, after, true, filter)
    .select([
      sql<number>`count(*)`.as("n"),
      sql<number>`sum(case when ${sql.ref("a.anchorDetail")} like ${left} then 0 else 1 end)`.as("check"),
    ])
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), needsCheck: Number(row.check ?? 0) };
}

/** Who wrote a document's live orphaned annotations (each once): the reader's Reviewer filter names them before their cards are fetched. */
export async function findOrphanAuthorIds(q: Db | Tx, documentId: string): Promise<string[]> {
  const rows = await pageQuery(q, documentId, null, true).select("a.authorId").distinct().execute();
  return rows.map((r) => r.authorId);
}

/** findAnnotationPage, with the page's live replies when asked (the exports). */
async function annotationPage(
  q: Db | Tx,
  documentId: string,
  after: AnnotationKey | null,
  limit: number,
  options: { documentVersion: number; orphaned: boolean; replies?: boolean; filter?: OrphanFilter },
): Promise<ExportPage> {
  const rows = await selectRows(
    q,
    pageQuery(q, documentId, after, options.orphaned, options.filter)
      .select([...ANNOTATION_COLUMNS])
      // deletedAt (null in every row) first: PostgreSQL follows the order index only when the ORDER BY names
      // its columns after those compared with "=", and `IS NULL` is not "=". Without it, PostgreSQL read every
      // remaining annotation of the document for each page and sorted them (34 → 3 ms for the first page of
      // 1,000 of a document of 25,000). SQLite takes either the same way.
      .orderBy("a.deletedAt")
      .orderBy(startOrder(options.orphaned))
      .orderBy("a.end", "desc")
      .orderBy("a.createdAt")
      .orderBy("a.id")
      .limit(limit),
  );
  if (rows.length === 0) return { records: [], replies: new Map(), last: null };
  const l = rows[rows.length - 1];
  // a page of placed annotations covers a range of starts (the orphaned ones are few, and anywhere)
  const range = options.orphaned ? undefined : { documentId, from: rows[0][COL.start] as number, to: l[COL.start] as number };
  const { records, replies } = await complete(q, rows, options.documentVersion, { replies: options.replies, range });
  // createdAt as stored (not normalised), for the comparison in SQL
  return { records, replies, last: { start: l[COL.start] as number, end: l[COL.end] as number, createdAt: l[COL.createdAt] as string, id: l[COL.id] as string } };
}

export interface ExportPage {
  records: AnnotationRecord[];
  /** The live replies of the page's annotations, oldest first. */
  replies: Map<string, ReplyRecord[]>;
  /** Where the page ended (null: it is empty). */
  last: AnnotationKey | null;
}

/**
 * The exports' page: findAnnotationPage's records (the same query and mapping) plus the page's live
 * replies, in five queries (the annotations, then their evidence, verdicts, replies and rulings by id).
 */
export async function findExportPage(
  q: Db,
  documentId: string,
  after: AnnotationKey | null,
  limit: number,
  options: { documentVersion: number; orphaned: boolean },
): Promise<ExportPage> {
  return annotationPage(q, documentId, after, limit, { ...options, replies: true });
}

/** The ruled live annotations of a document in document order, with their rulings (the ClaimReview export). */
export async function findRuledAnnotations(
  q: Db,
  documentId: string,
): Promise<Array<{ id: string; quote: string; ruling: Pick<RulingRecord, "classification" | "rationaleText" | "createdAt" | "updatedAt"> }>> {
  const rows = await q
    .selectFrom("Annotation as a")
    .innerJoin("Ruling as ru", "ru.annotationId", "a.id")
    .select(["a.id", "a.quote", "ru.classification", "ru.rationaleText", "ru.createdAt", "ru.updatedAt"])
    .where("a.documentId", "=", documentId)
    .where("a.deletedAt", "is", null)
    .orderBy("a.start")
    .orderBy("a.end", "desc")
    .orderBy("a.createdAt")
    .orderBy("a.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    quote: r.quote,
    ruling: { classification: r.classification as Classification, rationaleText: r.rationaleText, createdAt: toIso(r.createdAt), updatedAt: toIso(r.updatedAt) },
  }));
}

/** Live annotations, their live replies, their verdicts and their rulings in the given live documents (all when undefined). */
export async function countExportItems(q: Db, documentIds?: string[]): Promise<{ annotations: number; replies: number; verdicts: number; rulings: number }> {
  const chosen = documentIds === undefined ? undefined : documentIds.length ? documentIds : [""];
  const n = sql<number>`count(*)`.as("n");
  const live = q
    .selectFrom("Annotation as a")
    .innerJoin("Document as d", "d.id", "a.documentId")
    .where("a.deletedAt", "is", null)
    .where("d.deletedAt", "is", null)
    .$if(chosen !== undefined, (qb) => qb.where("d.id", "in", chosen!));
  // The whole corpus: replies, verdicts and rulings are counted from their own (smaller) tables, each row's
  // annotation looked up, rather than by probing them for every annotation. The lookup is a scalar
  // subquery (is the row's annotation live, and its document?), which both engines run once per row:
  // written as EXISTS, PostgreSQL turned it into a join that read every live annotation first (100,000
  // for 10,000 verdicts: 130–190 ms a count against 40–75 ms; SQLite's plan is the same either way).
  const ofLive = (table: "Reply" | "Verdict" | "Ruling") =>
    q
      .selectFrom(`${table as "Reply"} as x`)
      .where((eb) =>
        sql<SqlBool>`(${eb
          .selectFrom("Annotation as a")
          .innerJoin("Document as d", "d.id", "a.documentId")
          .select(sql<SqlBool>`${sql.ref("d.deletedAt")} is null`.as("live"))
          .whereRef("a.id", "=", "x.annotationId")
          .where("a.deletedAt", "is", null)})`,
      )
      .select(n);
  // One after another: a snapshot is one connection.
  const annotations = await live.select(n).executeTakeFirstOrThrow();
  // Chosen documents: from their annotations (an index range each), each probing its replies and
  // verdicts, so the rest of the corpus is not read (one document of 25,000 annotations in a corpus of
  // 100,000: 41 → 14 ms for each count on SQLite).
  const replies = await (chosen ? live.innerJoin("Reply as x", "x.annotationId", "a.id").select(n) : ofLive("Reply"))
    .where("x.deletedAt", "is", null)
    .executeTakeFirstOrThrow();
  const verdicts = await (chosen ? live.innerJoin("Verdict as x", "x.annotationId", "a.id").select(n) : ofLive("Verdict")).executeTakeFirstOrThrow();
  const rulings = await (chosen ? live.innerJoin("Ruling as x", "x.annotationId", "a.id").select(n) : ofLive("Ruling")).executeTakeFirstOrThrow();
  return { annotations: Number(annotations.n), replies: Number(replies.n), verdicts: Number(verdicts.n), rulings: Number(rulings.n) };
}

// ---------------------------------------------------------------------------------------------
// Imports: what already exists for a batch, then the batch's writes in one transaction

export interface StoredForImport {
  id: string;
  documentId: string;
  deleted: boolean;
  updatedAt: string;
  version: number;
  authorId: string;
  classification: string;
  note: string;
  noteText: string;
}

/** What is stored of these annotation ids, of these reply ids, and the verdicts and rulings on these annotations. */
export async function findImportState(input: { annotationIds: string[]; replyIds: string[]; verdictAnnotationIds: string[]; rulingAnnotationIds: string[] }) {
  const [annotations, replies, verdicts, rulings] = await Promise.all([
    inChunks(input.annotationIds, (chunk) =>
      db
        .selectFrom("Annotation")
        .select(["id", "documentId", "deletedAt", "updatedAt", "version", "authorId", "classification", "note", "noteText"])
        .where("id", "in", chunk)
        .execute(),
    ),
    inChunks(input.replyIds, (chunk) => db.selectFrom("Reply").select(["id", "annotationId", "deletedAt", "updatedAt"]).where("id", "in", chunk).execute()),
    inChunks(input.verdictAnnotationIds, (chunk) =>
      db.selectFrom("Verdict").select(["id", "annotationId", "reviewerId", "updatedAt"]).where("annotationId", "in", chunk).execute(),
    ),
    inChunks(input.rulingAnnotationIds, (chunk) => db.selectFrom("Ruling").select(["annotationId", "updatedAt"]).where("annotationId", "in", chunk).execute()),
  ]);
  return {
    annotations: new Map(
      annotations.map((a): [string, StoredForImport] => [a.id, { ...a, deleted: a.deletedAt !== null, updatedAt: toIso(a.updatedAt) }]),
    ),
    replies: new Map(replies.map((r) => [r.id, { annotationId: r.annotationId, deleted: r.deletedAt !== null, updatedAt: toIso(r.updatedAt) }])),
    verdicts: new Map(verdicts.map((v) => [`${v.annotationId}\u0000${v.reviewerId}`, { id: v.id, updatedAt: toIso(v.updatedAt) }])),
    rulings: new Map(rulings.map((r) => [r.annotationId, { updatedAt: toIso(r.updatedAt) }])),
  };
}

/** The evidence of these annotations, in order. */
export async function findEvidenceOf(annotationIds: string[]): Promise<Map<string, EvidenceDTO[]>> {
  const rows = await inChunks(annotationIds, (chunk) =>
    db.selectFrom("Evidence").select(["annotationId", "citation", "url"]).where("annotationId", "in", chunk).orderBy("annotationId").orderBy("position").execute(),
  );
  const out = new Map<string, EvidenceDTO[]>();
  for (const [id, list] of group(rows)) out.set(id, list.map((e) => evidenceEntry(e.citation, e.url)));
  return out;
}

/** Live annotations among `ids` on live documents: where they are (W3C replies and verdicts for annotations already here). */
export async function findLiveAnnotationHeads(ids: string[]): Promise<Array<{ id: string; documentId: string; quote: string; updatedAt: string }>> {
  const rows = await inChunks(ids, (chunk) => selectRows(db, annotations(db).where("a.id", "in", chunk)));
  return rows.map((r) => ({ id: r[COL.id] as string, documentId: r[COL.documentId] as string, quote: r[COL.quote] as string, updatedAt: toIso(r[COL.updatedAt] as string) }));
}

type ImportedAnnotation = AnnotationContent &
  Pick<AnnotationRecord, "id" | "version" | "suggestionKind" | "suggestionReason" | "anchorState" | "anchorVersion" | "anchorDetail"> & { createdAt: Date; updatedAt: Date };

export interface ImportBatch {
  documentId: string;
  /** New annotations, as the import placed them (anchorState, anchorVersion and anchorDetail say how and on which version). */
  annotations: ImportedAnnotation[];
  /** Replacements of stored annotations, each kept as a revision like an edit in the app. */
  updates: Array<{
    current: StoredForImport;
    previousEvidence: EvidenceDTO[];
    changed: string[];
    classification: Classification;
    note: string;
    noteText: string;
    evidence: EvidenceDTO[];
    version: number;
    updatedAt: Date;
  }>;
  replies: Array<{ id: string; annotationId: string; authorId: string; body: string; bodyText: string; createdAt: Date; updatedAt: Date }>;
  replyUpdates: Array<{ id: string; body: string; bodyText: string; updatedAt: Date }>;
  verdicts: Array<{
    annotationId: string;
    reviewerId: string;
    verdict: string;
    proposedClass: string | null;
    createdAt: Date;
    updatedAt: Date;
    resolvedAt: Date | null;
    resolution: DisputeResolution | null;
  }>;
  verdictUpdates: Array<{ id: string; verdict: string; proposedClass: string | null; updatedAt: Date; resolvedAt: Date | null; resolution: DisputeResolution | null }>;
  /** New rulings (createdAt set) and replacements of stored ones (createdAt null: kept). */
  rulings: Array<{ annotationId: string; editorId: string; classification: Classification; rationale: string; rationaleText: string; createdAt: Date | null; updatedAt: Date }>;
  /** Annotations whose open disputes are settled by the rules after the writes (settleDisputes). */
  settle: string[];
  /** The history a new annotation brings from the file: its revisions (oldest first) and earlier placements (in order). */
  history?: Array<{ annotationId: string } & AnnotationHistory>;
}

const IMPORTED_ANNOTATION_COLUMNS = [
  "id",
  "documentId",
  "authorId",
  "start",
  "end",
  "quote",
  "prefix",
  "suffix",
  "classification",
  "note",
  "noteText",
  "version",
  "suggestionKind",
  "suggestionReason",
  "anchorState",
  "anchorVersion",
  "anchorDetail",
  "createdAt",
  "updatedAt",
] as const;

const EVIDENCE_COLUMNS = ["id", "annotationId", "position", "citation", "url"] as const;

/** Write one import batch inside the caller's write transaction. */
export async function writeImportBatch(tx: Tx, batch: ImportBatch): Promise<void> {
  const now = storedTime();
  const evidenceRows = (annotationId: string, list: EvidenceDTO[]) => list.map((e, position) => [newId(), annotationId, position, e.citation ?? null, e.url ?? null]);
  // The new rows as arrays of values (insertRows): hundreds of thousands per import.
  await insertRows(
    tx,
    "Annotation",
    IMPORTED_ANNOTATION_COLUMNS,
    batch.annotations.map((a) => [
      a.id,
      batch.documentId,
      a.authorId,
      a.start,
      a.end,
      a.quote,
      a.prefix,
      a.suffix,
      a.classification,
      a.note,
      a.noteText,
      a.version,
      a.suggestionKind,
      a.suggestionReason,
      a.anchorState,
      a.anchorVersion,
      a.anchorDetail ? JSON.stringify(a.anchorDetail) : null,
      storedTime(a.createdAt),
      storedTime(a.updatedAt),
    ]),
  );
  await insertRows(tx, "Evidence", EVIDENCE_COLUMNS, batch.annotations.flatMap((a) => evidenceRows(a.id, a.evidence)));
  for (const u of batch.updates) {
    await tx
      .insertInto("AnnotationRevision")
      .values({
        id: newId(),
        annotationId: u.current.id,
        version: u.current.version,
        // As an edit in the app records it: by the author (the only one who edits an annotation, there
        // as here), at the new version's time (the file's updatedAt), not the import's.
        editorId: u.current.authorId,
        createdAt: storedTime(u.updatedAt),
        changed: JSON.stringify(u.changed),
        classification: u.current.classification,
        note: u.current.note,
        noteText: u.current.noteText,
        evidence: JSON.stringify(u.previousEvidence),
      })
      .execute();
    await tx.deleteFrom("Evidence").where("annotationId", "=", u.current.id).execute();
    await insertRows(tx, "Evidence", EVIDENCE_COLUMNS, evidenceRows(u.current.id, u.evidence));
    await tx
      .updateTable("Annotation")
      .set({ classification: u.classification, note: u.note, noteText: u.noteText, version: u.version, updatedAt: storedTime(u.updatedAt) })
      .where("id", "=", u.current.id)
      .execute();
  }
  await insertRows(
    tx,
    "Reply",
    ["id", "annotationId", "authorId", "body", "bodyText", "createdAt", "updatedAt"],
    batch.replies.map((r) => [r.id, r.annotationId, r.authorId, r.body, r.bodyText, storedTime(r.createdAt), storedTime(r.updatedAt)]),
  );
  for (const r of batch.replyUpdates) {
    await tx.updateTable("Reply").set({ body: r.body, bodyText: r.bodyText, updatedAt: storedTime(r.updatedAt) }).where("id", "=", r.id).execute();
  }
  const timeOrNull = (d: Date | null) => (d ? storedTime(d) : null);
  await insertRows(
    tx,
    "Verdict",
    ["id", "annotationId", "reviewerId", "verdict", "proposedClass", "createdAt", "updatedAt", "resolvedAt", "resolution"],
    batch.verdicts.map((v) => [newId(), v.annotationId, v.reviewerId, v.verdict, v.proposedClass, storedTime(v.createdAt), storedTime(v.updatedAt), timeOrNull(v.resolvedAt), v.resolution]),
  );
  for (const v of batch.verdictUpdates) {
    await tx
      .updateTable("Verdict")
      .set({ verdict: v.verdict, proposedClass: v.proposedClass, updatedAt: storedTime(v.updatedAt), resolvedAt: timeOrNull(v.resolvedAt), resolution: v.resolution })
      .where("id", "=", v.id)
      .execute();
  }
  const history = batch.history ?? [];
  await insertRows(
    tx,
    "AnnotationRevision",
    ["id", "annotationId", "version", "editorId", "createdAt", "changed", "classification", "note", "noteText", "evidence"],
    history.flatMap((h) =>
      h.revisions.map((r) => [newId(), h.annotationId, r.version, r.editorId, storedTime(new Date(r.createdAt)), JSON.stringify(r.changed), r.classification, r.note, r.noteText, JSON.stringify(r.evidence)]),
    ),
  );
  await insertRows(
    tx,
    "AnnotationPlacement",
    ["annotationId", "version", "start", "end", "quote", "prefix", "suffix", "state", "detail", "supersededAt"],
    history.flatMap((h) =>
      h.placements.map((p) => [h.annotationId, p.version, p.start, p.end, p.quote, p.prefix, p.suffix, p.state, p.detail ? JSON.stringify(p.detail) : null, storedTime(new Date(p.supersededAt))]),
    ),
  );
  for (const r of batch.rulings) {
    const { createdAt, updatedAt, ...fields } = r;
    const at = storedTime(updatedAt);
    await tx
      .insertInto("Ruling")
      .values({ id: newId(), ...fields, createdAt: storedTime(createdAt ?? updatedAt), updatedAt: at })
      .onConflict((oc) =>
        oc.column("annotationId").doUpdateSet({ editorId: fields.editorId, classification: fields.classification, rationale: fields.rationale, rationaleText: fields.rationaleText, updatedAt: at }),
      )
      .execute();
  }
  await settleDisputes(tx, batch.settle, now);
}

/**
 * The dispute rules applied to stored rows (after an import): open disputes proposing their annotation's
 * current class count as adopted, and open disputes on a ruled annotation as ruled.
 */
export async function settleDisputes(tx: Tx, annotationIds: string[], at = storedTime()): Promise<void> {
  for (let i = 0; i < annotationIds.length; i += CHUNK) {
    const chunk = annotationIds.slice(i, i + CHUNK);
    const open = () => tx.updateTable("Verdict").where("annotationId", "in", chunk).where("verdict", "=", "dispute").where("resolvedAt", "is", null);
    await open()
      .set({ resolvedAt: at, resolution: "ruled" })
      .where((eb) => eb.exists(eb.selectFrom("Ruling as ru").select("ru.id").whereRef("ru.annotationId", "=", "Verdict.annotationId")))
      .execute();
    await open()
      .set({ resolvedAt: at, resolution: "adopted" })
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("Annotation as a")
            .select("a.id")
            .whereRef("a.id", "=", "Verdict.annotationId")
            .whereRef("a.classification", "=", "Verdict.proposedClass"),
        ),
      )
      .execute();
  }
}
