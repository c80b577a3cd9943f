import "server-only";
// Where annotations are anchored, for the API: a document's annotations on its current version or as
// they were on an earlier one, the "Needs check" list, and a person's fixes of a placement.
//
// A person fixes a placement on the current version (its author, an editor or an admin: canPlace):
//   { start, end, quote }  places the annotation by hand (validated like a create) → exact, "re-placed"
//   { confirm: true }      accepts a fuzzy placement as it is → exact, "confirmed" (only when fuzzy)
//   { orphan: true, note } leaves it orphaned, with a note → orphaned, "left-orphaned"
// Each keeps the placement it replaces in the annotation's placement history (AnnotationPlacement), so
// nothing a re-anchoring or a person did is lost; `anchor.resolution` says who decided what, and when.
// A new version clears the decision for placed annotations (the new placement is the machine's again)
// and keeps it for one left orphaned that still cannot be placed.
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canPlace, canWrite, type CurrentUser } from "@/lib/auth/roles";
import { validateSpan } from "@/lib/anchoring/quote";
import { publish } from "@/lib/events/bus";
import { appendEvent } from "@/lib/events/store";
import { findDocumentRecord, findLiveVersion, isDocumentLive } from "@/lib/documents/store";
import { read, write, type Tx } from "@/lib/store/transaction";
import { storedTime, toIso } from "@/lib/store/time";
import { findPeople } from "@/lib/users/store";
import { personRef, toAnnotationDTO, type AnchorDetail, type AnnotationRecord } from "./record";
import type { AnchorFilter, AnchorInput, AnnotationListQuery } from "./schemas";
import { assertVersion, withCurrentText } from "./service";
import { peopleFor, toDTOs } from "./dto";
import { archivePlacements, countOrphansAfter, findOrphanAuthorIds, findAnnotationKey, findSummaryRows, findAnnotationPage, findAnnotationRecord, findAnnotationsByIds, findDocumentAnnotations, findPlacementsOn, setPlacement, type PlacementWrite } from "./store";
import { isPlaced, type AnyAnnotationDTO, type OrphanListFilter, type OrphanedAnnotationDTO, type OrphanPageDTO, type OrphanSummaryRow } from "./types";

/** Fuzzy, or orphaned and not left so on purpose by a person: what the "Needs check" list shows. */
export function needsCheck(a: Pick<AnnotationRecord, "anchorState" | "anchorDetail">): boolean {
  return a.anchorState === "fuzzy" || (a.anchorState === "orphaned" && a.anchorDetail?.resolution?.action !== "left-orphaned");
}

function matches(a: AnnotationRecord, filter: AnchorFilter | undefined): boolean {
  if (!filter) return true;
  return filter === "needs-check" ? needsCheck(a) : a.anchorState === filter;
}

const documentOrder = (x: AnnotationRecord, y: AnnotationRecord) =>
  Number(x.anchorState === "orphaned") - Number(y.anchorState === "orphaned") ||
  x.start - y.start ||
  y.end - x.end ||
  x.createdAt.localeCompare(y.createdAt) ||
  (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/**
 * GET /api/documents/[id]/annotations: the live annotations of a live document in document order (the
 * orphaned ones last), on the current version or, with `version`, where they were when that version
 * was current (annotations made later are left out; notes, classes and discussion are today's).
 * `anchor` keeps those needing a check, or those in one state.
 */
export async function listAnnotationsOnVersion(options: {
  documentId: string;
  version?: number;
  anchor?: AnchorFilter;
  /** A deleted document's too (for an admin's look at it before restoring it: findDeletedDocument). */
  includeDeleted?: boolean;
}): Promise<{ version: number; currentVersion: number; annotations: AnyAnnotationDTO[] }> {
  const document = await findDocumentRecord(options.documentId, { includeDeleted: options.includeDeleted });
  if (!document) throw notFound("Document");
  const version = options.version ?? document.version;
  if (version > document.version) throw new AppError("NOT_FOUND", `Version ${version} not found; “${document.title}” has versions 1 to ${document.version}.`);
  let records = await findDocumentAnnotations(document.id, undefined, { deletedDocument: options.includeDeleted });
  if (version !== document.version) {
    const past = await findPlacementsOn(document.id, version);
    records = records
      .flatMap((r) => {
        const p = past.get(r.id);
        if (!p) return [];
        return [{ ...r, start: p.start, end: p.end, quote: p.quote, prefix: p.prefix, suffix: p.suffix, anchorState: p.state, anchorVersion: version, anchorDetail: p.detail }];
      })
      .sort(documentOrder);
  }
  return { version, currentVersion: document.version, annotations: await toDTOs(records.filter((r) => matches(r, options.anchor))) };
}

/** The new placement a person's fix gives, from the annotation as it is now (inside the write). */
function fixedPlacement(current: AnnotationRecord, input: AnchorInput, ctx: { version: number; index: Parameters<typeof validateSpan>[0]; userId: string; at: string }): PlacementWrite {
  // the quote a person last saw placed, shown beside the new one
  const vouched = current.anchorState === "fuzzy" || current.anchorState === "orphaned" ? (current.anchorDetail?.previousQuote ?? current.quote) : current.quote;
  const by = { byId: ctx.userId, at: toIso(ctx.at) };
  const keep = { start: current.start, end: current.end, quote: current.quote, prefix: current.prefix, suffix: current.suffix, version: ctx.version };
  if ("start" in input) {
    const span = validateSpan(ctx.index, input.start, input.end, input.quote);
    if (!span.ok) throw new AppError("UNPROCESSABLE", span.message, { reason: span.code });
    const detail: AnchorDetail = { resolution: { action: "re-placed", ...by } };
    if (vouched !== span.quote) detail.previousQuote = vouched;
    return { start: input.start, end: input.end, quote: span.quote, prefix: span.prefix, suffix: span.suffix, state: "exact", version: ctx.version, detail };
  }
  if ("confirm" in input) {
    if (current.anchorState !== "fuzzy") {
      throw new AppError("UNPROCESSABLE", `Only a fuzzy placement can be confirmed; this annotation's is ${current.anchorState}.`, { reason: "NOT_FUZZY" });
    }
    const detail: AnchorDetail = { resolution: { action: "confirmed", ...by } };
    if (vouched !== current.quote) detail.previousQuote = vouched;
    return { ...keep, state: "exact", detail };
  }
  return { ...keep, state: "orphaned", detail: { previousQuote: vouched, resolution: { action: "left-orphaned", ...by, ...(input.note ? { note: input.note } : {}) } } };
}

/**
 * POST /api/annotations/[id]/anchor: the author, an editor or an admin places an annotation by hand on the current
 * version, confirms its fuzzy placement, or leaves it orphaned with a note. Answers the annotation.
 */
export async function anchorAnnotation(options: { user: CurrentUser; id: string; input: AnchorInput }): Promise<AnyAnnotationDTO> {
  const { user, id, input } = options;
  if (!canWrite(user)) throw forbidden("Viewers cannot place annotations.");
  const before = await findAnnotationRecord(id);
  if (!before) throw notFound("Annotation");
  if (!canPlace(user, before.authorId)) throw forbidden("Only the author, an editor or an admin can place an annotation.");
  const people = await peopleFor([before], [user.id]);
  const { dto, event } = await withCurrentText(before.documentId, ({ version, textHash, index }) => {
    const at = storedTime();
    return write(async (tx) => {
      await assertVersion(tx, before.documentId, version, at, textHash);
      const current = await findAnnotationRecord(id, {}, tx);
      if (!current) throw notFound("Annotation");
      const placement = fixedPlacement(current, input, { version, index, userId: user.id, at });
      await archivePlacements(tx, { annotationId: id }, version);
      await setPlacement(tx, id, placement);
      const dto = toAnnotationDTO((await findAnnotationRecord(id, {}, tx))!, people);
      return { dto, event: await appendEvent(tx, current.documentId, "annotation.updated", { annotation: dto }, { at, stamped: true }) };
    });
  });
  publish(event);
  return dto;
}

/**
 * GET /api/documents/[id]/annotations: with `only=rest`, the counts of the orphaned annotations after the
 * cursor alone (the reader's recount, countOrphans); else the list (listDocumentAnnotations).
 */
export async function answerAnnotationQuery(options: { documentId: string; query: AnnotationListQuery }) {
  const { documentId, query } = options;
  if (query.only !== "rest") return listDocumentAnnotations(options);
  return { rest: await countOrphans({ documentId, cursor: query.cursor, filter: { classification: query.class, authorId: query.author }, listed: query.listed }) };
}

/**
 * All live annotations on a version (see above), one page of the
 * placed ones in document order (with the cursor of the next page, null after the last), or the chosen
 * ones (unknown ids are left out).
 */
export async function listDocumentAnnotations(options: {
  documentId: string;
  query: AnnotationListQuery;
}): Promise<{ annotations: AnyAnnotationDTO[]; nextCursor?: string | null; version?: number; currentVersion?: number; rest?: OrphanPageDTO["rest"] }> {
  const { documentId, query } = options;
  const { limit, cursor, ids } = query;
  if (!ids && limit === undefined) return listAnnotationsOnVersion({ documentId, version: query.version, anchor: query.anchor });
  if (query.anchor === "orphaned" && limit !== undefined) {
    return findOrphanedAnnotations({ documentId, limit, cursor, filter: { classification: query.class, authorId: query.author }, listed: query.listed });
  }
  if (ids) {
    const records = await read(async (tx) => {
      if (!(await isDocumentLive(documentId, tx))) throw notFound("Document");
      return findAnnotationsByIds(documentId, ids, tx);
    });
    return { annotations: await toDTOs(records) };
  }
  if (limit === undefined) throw new AppError("INVALID_INPUT", "A page needs a limit.");
  const current = await findLiveVersion(documentId);
  if (!current) throw notFound("Document");
  const { records, nextCursor } = await read(async (tx) => {
    if (!(await isDocumentLive(documentId, tx))) throw notFound("Document");
    const after = cursor === undefined ? null : await findAnnotationKey(documentId, cursor, tx);
    if (cursor !== undefined && after === null) throw new AppError("INVALID_INPUT", "The cursor is not an annotation of this document.");
    // One more than asked tells whether another page follows.
    const found = (await findAnnotationPage(tx, documentId, after, limit + 1, { documentVersion: current.version, orphaned: false })).records;
    const page = found.slice(0, limit);
    return { records: page, nextCursor: found.length > limit ? page[page.length - 1].id : null };
  });
  return { annotations: await toDTOs(records), nextCursor };
}

/** Where the page after `cursor` starts (null: at the first), or a 400 for a cursor of no annotation of the document. */
async function orphanCursor(tx: Tx, documentId: string, cursor: string | undefined) {
  const after = cursor === undefined ? null : await findAnnotationKey(documentId, cursor, tx);
  if (cursor !== undefined && after === null) throw new AppError("INVALID_INPUT", "The cursor is not an annotation of this document.");
  return after;
}

/**
 * The reader's orphaned annotations (no place in the current text, listed under the placed ones with
 * their last quote), a page at a time in the order of their last placement (GET …/annotations?anchor=orphaned&limit=),
 * with how many come after the page, so that the reader's count is the true one and every one can be reached.
 * `filter`: only those of a class or an author (the reader's filters: every matching one, a page at a time);
 * `listed`: orphaned annotations the reader lists apart already (fetched alone, or changed live), left out of `rest`.
 */
export async function findOrphanedAnnotations(options: { documentId: string; limit: number; cursor?: string; filter?: OrphanListFilter; listed?: string[] }): Promise<OrphanPageDTO> {
  const { documentId, limit, cursor, filter = {}, listed } = options;
  const filtered = filter.classification !== undefined || filter.authorId !== undefined;
  const current = await findLiveVersion(documentId);
  if (!current) throw notFound("Document");
  const { records, rest, summary, authorIds } = await read(async (tx) => {
    if (!(await isDocumentLive(documentId, tx))) throw notFound("Document");
    const after = await orphanCursor(tx, documentId, cursor);
    const page = await findAnnotationPage(tx, documentId, after, limit, { documentVersion: current.version, orphaned: true, filter });
    const rest = page.last ? await countOrphansAfter(tx, documentId, page.last, { ...filter, exclude: listed }) : { count: 0, needsCheck: 0 };
    // More to come (rare: a version that lost more passages than a page): what the summary counts of the others.
    // A filtered page's are not asked for (the reader's summary counts every orphaned annotation, from its unfiltered pages).
    const inPage = new Set(page.records.map((r) => r.id));
    const summary: OrphanSummaryRow[] =
      rest.count === 0 || filtered
        ? []
        : (await findSummaryRows([documentId], tx))
            .filter((r) => r.orphaned && !inPage.has(r.id) && (r.disputes > 0 || r.ruling !== null))
            .map((r) => ({ id: r.id, classification: r.classification, authorId: r.authorId, disputes: r.disputes, replies: r.replies, ruling: r.ruling }));
    const authorIds = rest.count === 0 || filtered ? [] : await findOrphanAuthorIds(tx, documentId);
    return { records: page.records, rest, summary, authorIds };
  });
  const annotations = (await toDTOs(records)).filter((a): a is OrphanedAnnotationDTO => !isPlaced(a));
  const people = await findPeople(authorIds);
  const authors = authorIds.map((id) => personRef(id, (p) => people.get(p))).sort((x, y) => x.name.localeCompare(y.name));
  // A page whose every later one is listed apart already ends the list.
  return { annotations, nextCursor: rest.count > 0 ? records[records.length - 1].id : null, rest, summary, authors };
}

/**
 * How many orphaned annotations come after `cursor` (all, without one), matching `filter`, less those
 * `listed` apart by the reader, and how many of those need a check: the reader's count, kept true when
 * someone else changes an orphaned annotation it has not fetched (GET …?anchor=orphaned&limit=&cursor=&only=rest).
 */
export async function countOrphans(options: { documentId: string; cursor?: string; filter?: OrphanListFilter; listed?: string[] }): Promise<OrphanPageDTO["rest"]> {
  const { documentId, cursor, filter = {}, listed } = options;
  return read(async (tx) => {
    if (!(await isDocumentLive(documentId, tx))) throw notFound("Document");
    const after = await orphanCursor(tx, documentId, cursor);
    return countOrphansAfter(tx, documentId, after, { ...filter, exclude: listed });
  });
}
