/**
 * W3C Web Annotation Data Model (JSON-LD) export and import. See FORMAT.md for the mapping.
 *
 * - An annotation: motivation "classifying"; bodies = the note (TextualBody, text/html,
 *   purpose commenting; omitted when empty), the class (TextualBody, purpose classifying),
 *   one body per evidence entry (purpose describing: a SpecificResource whose source is the
 *   URL, carrying the citation as dcterms:bibliographicCitation; or a text/plain TextualBody
 *   for a citation without URL); target = the document IRI with a TextQuoteSelector and a
 *   TextPositionSelector (code points; left out for an orphaned annotation, which has no place in
 *   the text), and a TimeState naming the document version by the time it was added.
 * - A reply: motivation "replying", target = the annotation's IRI.
 * - A verdict: motivation "assessing", body value "agree" | "dispute" | "dispute:<class>",
 *   target = the annotation's IRI.
 * - A ruling (an editor's final class): motivation "moderating", bodies = the class (TextualBody, purpose
 *   classifying) and the rationale (TextualBody, text/html, purpose commenting), creator = the editor,
 *   target = the annotation's IRI; one per annotation, after its verdicts.
 * - A collection: one JSON document; the first page is embedded in `first`, the others in
 *   the JSON-LD 1.1 `@included` block, linked by next/prev IRIs.
 */
import { Marked } from "marked";
import { CLASSIFICATIONS, type AnyAnnotationDTO, type Classification, type EvidenceDTO, type ReplyDTO, type RulingDTO, type VerdictDTO } from "@/lib/annotations/types";
import { evidenceSchema, MAX_EVIDENCE } from "@/lib/annotations/schemas";
import { emptyNote, isEmptyNote, parseNote, type NoteDoc } from "@/lib/notes/schema";
import { htmlToNote, noteToHtml, noteToPlainText, plainTextToNote } from "@/lib/notes/text";
import type { AnnotationRecord, ReplyRecord } from "@/lib/annotations/record";
import { excerpt } from "@/lib/excerpt";
import { ChunkWriter, jsonString } from "./chunks";
import { isStorableDateTime, toUri, toUtcDateTime } from "./formats";

export const ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
/** Dublin Core term (prefix defined by the anno.jsonld context) holding an evidence citation. */
export const CITATION_PROPERTY = "dcterms:bibliographicCitation";
export const DEFAULT_PAGE_SIZE = 1000;
/** Whom an imported item without a creator is attributed to (one placeholder account). */
export const UNKNOWN_CREATOR_NAME = "Unknown reviewer";

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

export interface W3cTextualBody {
  type: "TextualBody";
  value: string;
  format?: "text/html" | "text/plain";
  purpose: "commenting" | "classifying" | "describing" | "replying" | "assessing";
}

export interface W3cEvidenceResource {
  type: "SpecificResource";
  source: string;
  purpose: "describing";
  "dcterms:bibliographicCitation"?: string;
}

export type W3cBody = W3cTextualBody | W3cEvidenceResource;

export interface W3cAgent {
  id: string;
  type: "Person";
  name: string;
}

export interface W3cTextQuoteSelector {
  type: "TextQuoteSelector";
  exact: string;
  prefix?: string;
  suffix?: string;
}

export interface W3cTextPositionSelector {
  type: "TextPositionSelector";
  start: number;
  end: number;
}

/** The document as it was at a time: names the version an annotation is anchored to (model §4.3.1). */
export interface W3cTimeState {
  type: "TimeState";
  sourceDate: string;
}

export interface W3cTarget {
  source: string;
  state?: W3cTimeState;
  /** The position is left out for an orphaned annotation. */
  selector: [W3cTextQuoteSelector, W3cTextPositionSelector] | [W3cTextQuoteSelector];
}

export interface W3cAnnotation {
  "@context": typeof ANNO_CONTEXT;
  id: string;
  type: "Annotation";
  motivation: "classifying" | "replying" | "assessing" | "moderating";
  created: string;
  modified: string;
  creator: W3cAgent;
  body: W3cBody[];
  /** The document (annotations) or the annotation's IRI (replies, verdicts, rulings). */
  target: W3cTarget | string;
}

export interface W3cContext {
  /** Public origin of the site, e.g. "https://apparatus.example.org". */
  baseUrl: string;
  documentIri(documentId: string): string;
  /** When a version of a document was added (for the target's TimeState); undefined: no state. */
  versionDate?(documentId: string, version: number): string | undefined;
}

export type W3cAnnotationSource = Pick<
  AnyAnnotationDTO,
  "id" | "documentId" | "start" | "end" | "quote" | "prefix" | "suffix" | "classification" | "note" | "evidence" | "author" | "createdAt" | "updatedAt"
> & { anchor?: Pick<AnyAnnotationDTO["anchor"], "version"> };
export type W3cReplySource = Pick<ReplyDTO, "id" | "body" | "author" | "createdAt" | "updatedAt">;

// ---------------------------------------------------------------------------------------
// IRIs
// ---------------------------------------------------------------------------------------

const origin = (ctx: Pick<W3cContext, "baseUrl">) => ctx.baseUrl.replace(/\/+$/, "");
const segment = (id: string) => encodeURIComponent(id);

export const annotationIri = (ctx: Pick<W3cContext, "baseUrl">, id: string) => `${origin(ctx)}/api/annotations/${segment(id)}`;
export const userIri = (ctx: Pick<W3cContext, "baseUrl">, id: string) => `${origin(ctx)}/users/${segment(id)}`;
export const replyIri = (annotation: string, id: string) => `${annotation}/replies/${segment(id)}`;
// One verdict per reviewer and annotation, so the pair identifies it.
export const verdictIri = (annotation: string, reviewerId: string) => `${annotation}/verdicts/${segment(reviewerId)}`;
// One ruling per annotation.
export const rulingIri = (annotation: string) => `${annotation}/ruling`;

/** The id in an IRI we minted: its last path segment (or fragment), decoded. */
export function idFromIri(iri: string): string {
  const trimmed = iri.replace(/[/#]+$/, "");
  const last = trimmed.slice(Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("#"), trimmed.lastIndexOf(":")) + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

function agent(ctx: Pick<W3cContext, "baseUrl">, person: { id: string; name: string }): W3cAgent {
  return { id: userIri(ctx, person.id), type: "Person", name: person.name };
}

function evidenceBody(e: EvidenceDTO): W3cBody | null {
  if (e.url) {
    const body: W3cEvidenceResource = { type: "SpecificResource", source: toUri(e.url), purpose: "describing" };
    // One body per entry keeps citation and URL paired, which import relies on.
    if (e.citation) body[CITATION_PROPERTY] = e.citation;
    return body;
  }
  if (e.citation) return { type: "TextualBody", value: e.citation, format: "text/plain", purpose: "describing" };
  return null;
}

export function toW3cAnnotation(a: W3cAnnotationSource, ctx: W3cContext): W3cAnnotation {
  const body: W3cBody[] = [];
  if (!isEmptyNote(a.note)) body.push({ type: "TextualBody", value: noteToHtml(a.note), format: "text/html", purpose: "commenting" });
  body.push({ type: "TextualBody", value: a.classification, purpose: "classifying" });
  for (const e of a.evidence) {
    const b = evidenceBody(e);
    if (b) body.push(b);
  }
  const quote: W3cTextQuoteSelector = { type: "TextQuoteSelector", exact: a.quote };
  if (a.prefix) quote.prefix = a.prefix;
  if (a.suffix) quote.suffix = a.suffix;
  const target: W3cTarget = {
    source: ctx.documentIri(a.documentId),
    selector: a.start === null || a.end === null ? [quote] : [quote, { type: "TextPositionSelector", start: a.start, end: a.end }],
  };
  const sourceDate = a.anchor && ctx.versionDate?.(a.documentId, a.anchor.version);
  if (sourceDate) target.state = { type: "TimeState", sourceDate: toUtcDateTime(sourceDate) };
  return {
    "@context": ANNO_CONTEXT,
    id: annotationIri(ctx, a.id),
    type: "Annotation",
    motivation: "classifying",
    created: toUtcDateTime(a.createdAt),
    modified: toUtcDateTime(a.updatedAt),
    creator: agent(ctx, a.author),
    body,
    target,
  };
}

export function toW3cReply(r: W3cReplySource, annotation: string, ctx: Pick<W3cContext, "baseUrl">): W3cAnnotation {
  return {
    "@context": ANNO_CONTEXT,
    id: replyIri(annotation, r.id),
    type: "Annotation",
    motivation: "replying",
    created: toUtcDateTime(r.createdAt),
    modified: toUtcDateTime(r.updatedAt),
    creator: agent(ctx, r.author),
    body: [{ type: "TextualBody", value: noteToHtml(r.body), format: "text/html", purpose: "replying" }],
    target: annotation,
  };
}

export function verdictValue(v: Pick<VerdictDTO, "verdict" | "proposedClass">): string {
  if (v.verdict === "agree") return "agree";
  return v.proposedClass ? `dispute:${v.proposedClass}` : "dispute";
}

export function toW3cVerdict(v: VerdictDTO, annotation: string, ctx: Pick<W3cContext, "baseUrl">): W3cAnnotation {
  return {
    "@context": ANNO_CONTEXT,
    id: verdictIri(annotation, v.reviewer.id),
    type: "Annotation",
    motivation: "assessing",
    created: toUtcDateTime(v.createdAt),
    modified: toUtcDateTime(v.updatedAt),
    creator: agent(ctx, v.reviewer),
    body: [{ type: "TextualBody", value: verdictValue(v), purpose: "assessing" }],
    target: annotation,
  };
}

export function toW3cRuling(r: RulingDTO, annotation: string, ctx: Pick<W3cContext, "baseUrl">): W3cAnnotation {
  return {
    "@context": ANNO_CONTEXT,
    id: rulingIri(annotation),
    type: "Annotation",
    motivation: "moderating",
    created: toUtcDateTime(r.createdAt),
    modified: toUtcDateTime(r.at),
    creator: agent(ctx, r.by),
    body: [
      { type: "TextualBody", value: r.classification, purpose: "classifying" },
      { type: "TextualBody", value: noteToHtml(r.rationale), format: "text/html", purpose: "commenting" },
    ],
    target: annotation,
  };
}

/** The annotation, then its replies, its verdicts and its ruling: 1 + replies + verdicts + rulings items for the collection total. */
export function w3cItemsFor(a: W3cAnnotationSource & Pick<AnyAnnotationDTO, "verdicts" | "ruling">, replies: W3cReplySource[], ctx: W3cContext): W3cAnnotation[] {
  const main = toW3cAnnotation(a, ctx);
  return [
    main,
    ...replies.map((r) => toW3cReply(r, main.id, ctx)),
    ...a.verdicts.map((v) => toW3cVerdict(v, main.id, ctx)),
    ...(a.ruling ? [toW3cRuling(a.ruling, main.id, ctx)] : []),
  ];
}

// ---------------------------------------------------------------------------------------
// The export's hot path: the items as JSON text straight from the stored records
// ---------------------------------------------------------------------------------------

const q = jsonString;

/**
 * The JSON texts of `w3cItemsFor(toAnnotationDTO(record, people), replies.map((r) => toReplyDTO(r, people)), ctx)`,
 * each exactly as `JSON.stringify` writes it (w3c.test.ts and service.test.ts check it byte for byte), built
 * from the stored record without the DTOs and item objects in between: the corpus export writes 100,000
 * annotations through this. `agent` gives the JSON of a person as creator (w3cAgentJson, once per person).
 */
export function w3cItemsJson(a: AnnotationRecord, replies: readonly ReplyRecord[], ctx: W3cContext, agent: (id: string) => string): string[] {
  const iri = iriJson(ctx, a.id);
  const note = JSON.parse(a.note) as NoteDoc;
  let body = isEmptyNote(note) ? "" : `{"type":"TextualBody","value":${q(noteToHtml(note))},"format":"text/html","purpose":"commenting"},`;
  body += `{"type":"TextualBody","value":${q(a.classification)},"purpose":"classifying"}`;
  for (const e of a.evidence) {
    if (e.url) body += `,{"type":"SpecificResource","source":${q(toUri(e.url))},"purpose":"describing"${e.citation ? `,"${CITATION_PROPERTY}":${q(e.citation)}` : ""}}`;
    else if (e.citation) body += `,{"type":"TextualBody","value":${q(e.citation)},"format":"text/plain","purpose":"describing"}`;
  }
  const quote = `{"type":"TextQuoteSelector","exact":${q(a.quote)}${a.prefix ? `,"prefix":${q(a.prefix)}` : ""}${a.suffix ? `,"suffix":${q(a.suffix)}` : ""}}`;
  const selector = a.anchorState === "orphaned" ? `[${quote}]` : `[${quote},{"type":"TextPositionSelector","start":${a.start},"end":${a.end}}]`;
  const sourceDate = ctx.versionDate?.(a.documentId, a.anchorVersion);
  const state = sourceDate ? `,"state":{"type":"TimeState","sourceDate":"${toUtcDateTime(sourceDate)}"}` : "";
  const items = [
    `{"@context":"${ANNO_CONTEXT}","id":${iri},"type":"Annotation","motivation":"classifying","created":"${toUtcDateTime(a.createdAt)}","modified":"${toUtcDateTime(a.updatedAt)}",` +
      `"creator":${agent(a.authorId)},"body":[${body}],"target":{"source":${documentIriJson(ctx, a.documentId)},"selector":${selector}${state}}}`,
  ];
  if (replies.length === 0 && a.verdicts.length === 0 && !a.ruling) return items;
  // an item's IRI under the annotation's: its path is encodeURIComponent's characters (nothing JSON escapes)
  const under = (path: string) => `${iri.slice(0, -1)}${path}"`;
  for (const r of replies) {
    items.push(
      `{"@context":"${ANNO_CONTEXT}","id":${under(replyIri("", r.id))},"type":"Annotation","motivation":"replying","created":"${toUtcDateTime(r.createdAt)}","modified":"${toUtcDateTime(r.updatedAt)}",` +
        `"creator":${agent(r.authorId)},"body":[{"type":"TextualBody","value":${q(noteToHtml(JSON.parse(r.body) as NoteDoc))},"format":"text/html","purpose":"replying"}],"target":${iri}}`,
    );
  }
  for (const v of a.verdicts) {
    items.push(
      `{"@context":"${ANNO_CONTEXT}","id":${under(verdictIri("", v.reviewerId))},"type":"Annotation","motivation":"assessing","created":"${toUtcDateTime(v.createdAt)}","modified":"${toUtcDateTime(v.updatedAt)}",` +
        `"creator":${agent(v.reviewerId)},"body":[{"type":"TextualBody","value":${q(verdictValue(v))},"purpose":"assessing"}],"target":${iri}}`,
    );
  }
  const r = a.ruling;
  if (r) {
    items.push(
      `{"@context":"${ANNO_CONTEXT}","id":${under(rulingIri(""))},"type":"Annotation","motivation":"moderating","created":"${toUtcDateTime(r.createdAt)}","modified":"${toUtcDateTime(r.updatedAt)}",` +
        `"creator":${agent(r.editorId)},"body":[{"type":"TextualBody","value":${q(r.classification)},"purpose":"classifying"},` +
        `{"type":"TextualBody","value":${q(noteToHtml(JSON.parse(r.rationale) as NoteDoc))},"format":"text/html","purpose":"commenting"}],"target":${iri}}`,
    );
  }
  return items;
}

// The JSON of the IRIs every item names, per export context: the annotations' prefix quoted once (the
// base URL is the caller's), each id appended as encodeURIComponent writes it; a document's IRI once per
// document. Dates are written as toUtcDateTime gives them ("…sssZ": nothing to escape).
const irisOf = new WeakMap<W3cContext, { annotations: string; documents: Map<string, string> }>();

function irisFor(ctx: W3cContext) {
  let iris = irisOf.get(ctx);
  if (!iris) irisOf.set(ctx, (iris = { annotations: q(annotationIri(ctx, "")).slice(0, -1), documents: new Map() }));
  return iris;
}

const iriJson = (ctx: W3cContext, id: string) => `${irisFor(ctx).annotations}${segment(id)}"`;

function documentIriJson(ctx: W3cContext, documentId: string): string {
  const { documents } = irisFor(ctx);
  let json = documents.get(documentId);
  if (json === undefined) documents.set(documentId, (json = q(ctx.documentIri(documentId))));
  return json;
}

/** The JSON of a W3C creator, as `JSON.stringify` writes the mapping's agent. */
export const w3cAgentJson = (ctx: Pick<W3cContext, "baseUrl">, id: string, name: string): string => `{"id":${q(userIri(ctx, id))},"type":"Person","name":${q(name)}}`;

/** An item of a collection, or its JSON text (w3cItemsJson). */
export type W3cItem = W3cAnnotation | string;

export interface W3cCollectionInput {
  /** IRI of the collection, e.g. `${baseUrl}/api/export?format=w3c`. */
  collectionId: string;
  label: string;
  /** Number of items `items` will yield; fixes the page layout before streaming starts. */
  total: number;
  pageSize?: number;
  /** The items one at a time or a page at a time (an array, or a generator that serialises each as it is taken), as objects or as their JSON text. */
  items: AsyncIterable<W3cItem | Iterable<W3cItem>> | Iterable<W3cItem | Iterable<W3cItem>>;
  /** IRI of page `index` (0-based); default `${collectionId}#page-${index + 1}`. */
  pageId?: (index: number) => string;
}

/**
 * Streams one AnnotationCollection document: the first AnnotationPage embedded in `first`,
 * `last` as an IRI, and every further page in the JSON-LD 1.1 `@included` block. Pages link
 * with next/prev IRIs (the model allows only IRIs there) and point back with `partOf`.
 * Throws when `items` yields more or fewer than `total`, since `last` and `next` were
 * already written from it.
 */
export async function* streamW3cCollection(input: W3cCollectionInput): AsyncGenerator<string> {
  const { collectionId, total } = input;
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const pageCount = Math.ceil(total / pageSize);
  const pageId = input.pageId ?? ((index: number) => `${collectionId}#page-${index + 1}`);
  const openPage = (index: number) => {
    const page: Record<string, unknown> = { "@context": ANNO_CONTEXT, id: pageId(index), type: "AnnotationPage", partOf: collectionId, startIndex: index * pageSize };
    if (index > 0) page.prev = pageId(index - 1);
    if (index < pageCount - 1) page.next = pageId(index + 1);
    return `${JSON.stringify(page).slice(0, -1)},"items":[`;
  };

  const out = new ChunkWriter();
  const head = { "@context": ANNO_CONTEXT, id: collectionId, type: "AnnotationCollection", label: input.label, total };
  let pending: string | null = JSON.stringify(head).slice(0, -1);
  const last = JSON.stringify(pageId(pageCount - 1));
  let count = 0;
  const ready: string[] = [];
  const add = (item: W3cItem) => {
    if (count === total) throw new Error(`streamW3cCollection: more items than the announced total of ${total}`);
    const json = typeof item === "string" ? item : JSON.stringify(item);
    let chunk: string | null;
    if (count % pageSize !== 0) chunk = out.push(`,${json}`);
    else {
      const page = count / pageSize;
      chunk = out.push(`${pending ?? ""}${page === 0 ? `,"first":${openPage(0)}` : `]}${page === 1 ? `,"last":${last},"@included":[` : ","}${openPage(page)}`}${json}`);
      pending = null;
    }
    if (chunk !== null) ready.push(chunk);
    count++;
  };
  for await (const entry of input.items) {
    if (typeof entry !== "string" && Symbol.iterator in entry) for (const item of entry) add(item);
    else add(entry);
    yield* ready;
    ready.length = 0;
  }
  if (count !== total) throw new Error(`streamW3cCollection: ${count} items, but the announced total is ${total}`);
  const tail = out.push(`${pending ?? ""}${pageCount === 0 ? "}" : pageCount === 1 ? `]},"last":${last}}` : "]}]}"}`);
  if (tail !== null) yield tail;
  const rest = out.end();
  if (rest !== null) yield rest;
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

export interface W3cImportedAnnotation {
  id: string;
  iri: string;
  documentIri: string;
  start?: number;
  end?: number;
  exact: string;
  prefix?: string;
  suffix?: string;
  classification: Classification;
  note: NoteDoc;
  evidence: EvidenceDTO[];
  creatorId?: string;
  creatorName?: string;
  created?: string;
  modified?: string;
}

export interface W3cImportedReply {
  id: string;
  iri: string;
  annotationId: string;
  annotationIri: string;
  body: NoteDoc;
  creatorId?: string;
  creatorName?: string;
  created?: string;
  modified?: string;
}

export interface W3cImportedVerdict {
  iri: string;
  annotationId: string;
  annotationIri: string;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
  creatorId?: string;
  creatorName?: string;
  created?: string;
  modified?: string;
}

export interface W3cImportedRuling {
  iri: string;
  annotationId: string;
  annotationIri: string;
  classification: Classification;
  rationale: NoteDoc;
  creatorId?: string;
  creatorName?: string;
  created?: string;
  modified?: string;
}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);
const asArray = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
// JSON-LD allows a single value or a one-element array almost everywhere.
const str = (x: unknown): string | undefined => (typeof x === "string" ? x : Array.isArray(x) && typeof x[0] === "string" ? x[0] : undefined);
const strings = (x: unknown): string[] => asArray(x).filter((v): v is string => typeof v === "string");
const hasType = (x: unknown, type: string) => isObject(x) && strings(x.type).includes(type);
const isClass = (v: string): v is Classification => (CLASSIFICATIONS as readonly string[]).includes(v);
const idOf = (x: unknown): string | undefined => str(x) ?? (isObject(x) ? str(x.id) : undefined);

/** Drops undefined properties, so imported objects compare cleanly. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// A private instance: extensions registered on the global `marked` cannot change results.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

function textualToNote(body: Json): NoteDoc {
  const value = body.value as string;
  const format = str(body.format)?.toLowerCase();
  if (format === "text/html") return htmlToNote(value);
  if (format === "text/markdown") {
    try {
      return htmlToNote(markdown.parse(value) as string);
    } catch {
      return plainTextToNote(value); // marked gave up (pathological nesting): keep the text
    }
  }
  return plainTextToNote(value);
}

const textualToPlain = (body: Json) => (str(body.format) && str(body.format) !== "text/plain" ? noteToPlainText(textualToNote(body)) : (body.value as string)).trim();
// Not a type guard on purpose: a Json that fails it is still a Json (a resource body).
const isTextual = (b: unknown): boolean => isObject(b) && typeof b.value === "string" && b.source === undefined;
const textualBodies = (bodies: unknown[]) => bodies.filter(isTextual) as Json[];

/**
 * The pages of a collection, in order: `first`, the pages `next` leads to and those in `@included`, each
 * embedded or named by an IRI that `elsewhere` (the file's other top-level pages) resolves.
 */
function pages(collection: Json, errors: string[], elsewhere: Map<string, Json>): Json[] {
  const found: Json[] = [];
  const seen = new Set<string>();
  const wanted: string[] = [];
  const queue: unknown[] = [collection.first, ...asArray(collection["@included"])];
  while (queue.length > 0) {
    let page = queue.shift();
    if (typeof page === "string") {
      if (!elsewhere.has(page)) {
        wanted.push(page);
        continue;
      }
      page = elsewhere.get(page);
    }
    if (!hasType(page, "AnnotationPage")) continue;
    const p = page as Json;
    const id = str(p.id);
    if (id !== undefined && seen.has(id)) continue;
    if (id !== undefined) seen.add(id);
    found.push(p);
    queue.push(p.next); // an IRI or, leniently, an embedded page
  }
  for (const iri of new Set(wanted)) {
    if (!seen.has(iri)) errors.push(`page ${iri} is not embedded in this file; its annotations were not read (import that page separately)`);
  }
  // Our own layout lists pages in order; others may not.
  if (found.every((p) => typeof p.startIndex === "number")) found.sort((a, b) => (a.startIndex as number) - (b.startIndex as number));
  return found;
}

/** The file's top-level nodes: an array's elements (nested arrays and `@graph`s flattened), a `@graph`'s, or the root itself. */
function topNodes(root: unknown): unknown[] {
  if (Array.isArray(root)) return root.flatMap((x) => (Array.isArray(x) || (isObject(x) && Array.isArray(x["@graph"])) ? topNodes(x) : [x]));
  if (isObject(root) && Array.isArray(root["@graph"])) return topNodes(root["@graph"]);
  return [root];
}

/**
 * The items of a W3C file, in the order they are read: a collection's pages' (in page order), a page's,
 * and the other top-level nodes themselves. The collection's structural problems are pushed to `errors`.
 * `root` may be the file itself or the import's outline of it (lib/import/w3c-source.ts), whose items
 * stand for their bytes in the file.
 */
export function collectW3cItems(root: unknown, errors: string[]): unknown[] {
  if (!Array.isArray(root) && !isObject(root)) {
    errors.push("expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of them");
    return [];
  }
  const nodes = topNodes(root);
  // A collection may name its pages by IRI and the file hold them beside it (an array or a @graph, as
  // JSON-LD links nodes): those pages are read as the collection's, once, in its order.
  const pagesById = new Map<string, Json>();
  for (const node of nodes) {
    const id = hasType(node, "AnnotationPage") ? str((node as Json).id) : undefined;
    if (id !== undefined && !pagesById.has(id)) pagesById.set(id, node as Json);
  }
  const ofCollections = new Map<Json, Json[]>();
  const taken = new Set<Json>();
  for (const node of nodes) {
    if (!hasType(node, "AnnotationCollection")) continue;
    const found = pages(node as Json, errors, pagesById);
    ofCollections.set(node as Json, found);
    for (const page of found) {
      taken.add(page);
      const id = str(page.id);
      if (id !== undefined && pagesById.has(id)) taken.add(pagesById.get(id)!); // the same page, embedded and beside it
    }
  }
  return nodes.flatMap((node) => {
    if (!isObject(node)) return [node];
    const collection = ofCollections.get(node);
    if (collection) {
      const items = collection.flatMap((p) => asArray(p.items));
      const total = typeof node.total === "number" ? node.total : undefined;
      if (total !== undefined && total !== items.length) errors.push(`the collection announces ${total} annotations but holds ${items.length}`);
      return items;
    }
    if (hasType(node, "AnnotationPage")) return taken.has(node) ? [] : asArray(node.items);
    return [node];
  });
}

interface Common {
  iri: string;
  creatorId?: string;
  creatorName?: string;
  created?: string;
  modified?: string;
}

function common(item: Json, iri: string, problems: string[]): Common {
  const creator = asArray(item.creator)[0];
  const creatorIri = idOf(creator);
  const time = (key: "created" | "modified") => {
    const value = str(item[key]);
    if (value === undefined) return undefined;
    if (isStorableDateTime(value)) return toUtcDateTime(value);
    // xsd:dateTime makes the time zone optional (the model says it SHOULD be there), and some tools write a day alone.
    const utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/i.test(value) ? `${value}Z` : /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : null;
    if (utc !== null && isStorableDateTime(utc)) {
      problems.push(`${key} ${JSON.stringify(value)} has no time zone: read as ${toUtcDateTime(utc)} (UTC)`);
      return toUtcDateTime(utc);
    }
    problems.push(`${key} ${JSON.stringify(value)} is not a date-time and was ignored`);
    return undefined;
  };
  return compact({
    iri,
    creatorId: creatorIri ? idFromIri(creatorIri) : undefined,
    creatorName: isObject(creator) ? str(creator.name) : undefined,
    created: time("created"),
    modified: time("modified"),
  });
}

/** What the import puts in place of what a kept item does not say: never an author or a date without saying so. */
function substitutes(base: Common): string[] {
  const said: string[] = [];
  if (!base.creatorId && !base.creatorName?.trim()) said.push(`no creator: attributed to "${UNKNOWN_CREATOR_NAME}"`);
  else if (base.creatorId && !base.creatorName?.trim()) said.push(`its creator has no name: unless a person here has the id "${base.creatorId}", one is added under that name`);
  if (base.created === undefined && base.modified === undefined) said.push("no valid created or modified date: dated at the import time");
  else if (base.created === undefined) said.push("no valid created date: its modified date was used");
  return said;
}

/** Returns the parsed value, or an error message that makes the whole item unusable. */
type Parsed<T> = { value: T } | { error: string };

function parseNoteOrError(doc: NoteDoc): Parsed<NoteDoc> {
  const result = parseNote(doc);
  return result.ok ? { value: result.doc } : { error: `note refused: ${result.message}` };
}

function parseAnnotation(item: Json, base: Common, bodies: unknown[], problems: string[]): Parsed<W3cImportedAnnotation> {
  let classification: Classification | undefined;
  const notes: NoteDoc[] = [];
  const rawEvidence: EvidenceDTO[] = [];
  // What this tool has no place for, said once the item is known to be kept (nothing is dropped silently).
  const tags: string[] = [];
  const leftOut: string[] = [];
  for (const body of bodies) {
    if (typeof body === "string") {
      rawEvidence.push({ url: body }); // a body given only by its IRI: a linked resource
      continue;
    }
    if (!isObject(body)) continue;
    const purposes = strings(body.purpose);
    if (isTextual(body)) {
      if (purposes.includes("classifying")) {
        const value = (body.value as string).trim().toLowerCase();
        if (!isClass(value)) problems.push(`classification "${body.value}" is not one of ${CLASSIFICATIONS.join(", ")}`);
        else if (classification === undefined) classification = value;
        else if (classification !== value) problems.push(`second classification "${value}" ignored; kept "${classification}"`);
      } else if (purposes.includes("describing")) rawEvidence.push({ citation: textualToPlain(body) });
      else if (purposes.length === 0 || purposes.includes("commenting")) notes.push(textualToNote(body));
      else if (purposes.includes("tagging")) tags.push(JSON.stringify((body.value as string).trim()));
      else leftOut.push(describeBody(body));
    } else {
      const url = idOf(body.source) ?? (body.source === undefined ? str(body.id) : undefined);
      // A linked resource is evidence unless its purpose says it is something else (a tag's IRI, a class from a vocabulary).
      const other = purposes.filter((p) => p !== "describing" && p !== "linking" && p !== "commenting");
      if (url && purposes.length > 0 && other.length === purposes.length) {
        if (purposes.includes("tagging")) tags.push(url);
        else leftOut.push(describeBody(body));
      } else if (url) rawEvidence.push(compact({ citation: str(body[CITATION_PROPERTY]), url }));
      else leftOut.push(`a body of type ${strings(body.type).join(", ") || "(none)"} with neither a value nor an IRI`);
    }
  }
  if (classification === undefined) return { error: "no body with purpose classifying and value sourced, contested or opinion" };
  if (tags.length > 0) problems.push(`${tags.length === 1 ? "tag" : "tags"} ${tags.join(", ")} left out: annotations here have no tags`);
  for (const body of leftOut) problems.push(`${body} left out: annotations here have no place for it`);

  const evidence: EvidenceDTO[] = [];
  rawEvidence.forEach((e, i) => {
    const parsed = evidenceSchema.safeParse(e);
    if (!parsed.success) problems.push(`evidence ${i + 1} ignored: ${parsed.error.issues[0].message}`);
    else if (evidence.length === MAX_EVIDENCE) problems.push(`evidence ${i + 1} ignored: at most ${MAX_EVIDENCE} entries`);
    else evidence.push(compact(parsed.data));
  });

  const merged: NoteDoc = notes.length === 0 ? emptyNote() : { type: "doc", content: notes.flatMap((n) => n.content) };
  const note = parseNoteOrError(merged);
  if ("error" in note) return note;

  // The first target with a source and a TextQuoteSelector; positions are optional.
  const targets = asArray(item.target);
  for (const [index, target] of targets.entries()) {
    if (!isObject(target)) continue;
    const documentIri = idOf(target.source);
    const selectors = asArray(target.selector).filter(isObject);
    const quote = selectors.find((s) => hasType(s, "TextQuoteSelector") && typeof s.exact === "string" && s.exact.trim() !== "");
    if (!documentIri || !quote) continue;
    targets.forEach((other, i) => {
      if (i !== index) problems.push(`target ${i + 1} (${describeTarget(other)}) left out: an annotation here marks one passage in one document; target ${index + 1} was used`);
    });
    const position = selectors.find((s) => hasType(s, "TextPositionSelector"));
    let start: number | undefined;
    let end: number | undefined;
    if (position) {
      const ok = Number.isInteger(position.start) && Number.isInteger(position.end) && (position.start as number) >= 0 && (position.end as number) > (position.start as number);
      if (ok) [start, end] = [position.start as number, position.end as number];
      else problems.push(`TextPositionSelector ${JSON.stringify({ start: position.start, end: position.end })} ignored; the quote will be searched for`);
    }
    return {
      value: compact({
        id: idFromIri(base.iri),
        ...base,
        documentIri,
        start,
        end,
        exact: quote.exact as string,
        prefix: str(quote.prefix),
        suffix: str(quote.suffix),
        classification,
        note: note.value,
        evidence,
      }),
    };
  }
  return { error: noPassage(targets) };
}

function describeTarget(target: unknown): string {
  if (typeof target === "string") return target;
  if (!isObject(target)) return "not a resource";
  const selectors = asArray(target.selector).filter(isObject).flatMap((s) => strings(s.type));
  const source = idOf(target.source) ?? str(target.id) ?? "no source";
  return selectors.length > 0 ? `${source}, ${selectors.join(" + ")}` : source;
}

/** Why no target names a passage this tool can place: a whole resource, or only selectors it cannot read. */
function noPassage(targets: unknown[]): string {
  const why = (target: unknown): string => {
    if (typeof target === "string" || (isObject(target) && target.source === undefined && target.selector === undefined)) {
      return `${idOf(target) ?? "a resource"} as a whole, not a passage in it`;
    }
    if (!isObject(target)) return "not a resource";
    const selectors = asArray(target.selector).filter(isObject);
    const types = selectors.flatMap((s) => strings(s.type));
    if (idOf(target.source) === undefined) return "a selector without a source document";
    if (selectors.some((s) => hasType(s, "TextQuoteSelector") && typeof s.exact === "string")) return `${idOf(target.source)} by a TextQuoteSelector whose exact text is empty or only whitespace`;
    if (types.length === 0) return `${idOf(target.source)} as a whole, not a passage in it`;
    return `${idOf(target.source)} by ${[...new Set(types)].join(" + ")}, which cannot be placed here`;
  };
  if (targets.length === 0) return "no target";
  return `no target with a source and a TextQuoteSelector (passages are placed by their quote): its target is ${targets.map(why).join("; ")}`;
}

function targetIri(item: Json): string | undefined {
  const target = asArray(item.target)[0];
  return str(target) ?? (isObject(target) ? (str(target.id) ?? idOf(target.source)) : undefined);
}

function parseReply(item: Json, base: Common, bodies: unknown[]): Parsed<W3cImportedReply> {
  const annotationIri = targetIri(item);
  if (!annotationIri) return { error: "reply without a target annotation IRI" };
  const textual = textualBodies(bodies);
  if (textual.length === 0) return { error: "reply without a textual body" };
  const note = parseNoteOrError({ type: "doc", content: textual.flatMap((b) => textualToNote(b).content) });
  if ("error" in note) return note;
  return { value: compact({ id: idFromIri(base.iri), ...base, annotationId: idFromIri(annotationIri), annotationIri, body: note.value }) };
}

function parseVerdict(item: Json, base: Common, bodies: unknown[]): Parsed<W3cImportedVerdict> {
  const annotationIri = targetIri(item);
  if (!annotationIri) return { error: "verdict without a target annotation IRI" };
  const textual = textualBodies(bodies);
  const body = textual.find((b) => strings(b.purpose).includes("assessing")) ?? textual[0];
  const value = body ? (body.value as string).trim().toLowerCase() : "";
  const match = /^(agree|dispute)(?::(\w+))?$/.exec(value);
  if (!match || (match[1] === "agree" && match[2]) || (match[2] !== undefined && !isClass(match[2]))) {
    return { error: `verdict body "${value}" is not agree, dispute or dispute:<${CLASSIFICATIONS.join("|")}>` };
  }
  const proposedClass = (match[2] as Classification | undefined) ?? null;
  return { value: compact({ ...base, annotationId: idFromIri(annotationIri), annotationIri, verdict: match[1] as "agree" | "dispute", proposedClass }) };
}

/**
 * A ruling: its editor (the creator: a ruling without one is not read), its class (the classifying body)
 * and its rationale (the textual bodies without a purpose or with purpose commenting, read as a note's
 * are), which the app requires, as it does of a ruling made here. Other bodies are left out, and said.
 */
function parseRuling(item: Json, base: Common, bodies: unknown[], problems: string[]): Parsed<W3cImportedRuling> {
  const annotationIri = targetIri(item);
  if (!annotationIri) return { error: "ruling without a target annotation IRI" };
  if (!base.creatorId && !base.creatorName?.trim()) return { error: "ruling without a creator: a ruling here says which editor made it" };
  const classes: Json[] = [];
  const comments: Json[] = [];
  for (const body of bodies) {
    const purposes = isObject(body) ? strings(body.purpose) : [];
    if (isObject(body) && isTextual(body) && purposes.includes("classifying")) classes.push(body);
    else if (isObject(body) && isTextual(body) && (purposes.length === 0 || purposes.includes("commenting"))) comments.push(body);
    else problems.push(`${describeBody(body)} left out: a ruling here has a class and a rationale only`);
  }
  const value = classes.length === 1 ? (classes[0].value as string).trim().toLowerCase() : "";
  if (!isClass(value)) {
    return { error: `ruling without exactly one body with purpose classifying and value ${CLASSIFICATIONS.join(", ")} (${classes.map((b) => JSON.stringify(b.value)).join(", ") || "none"})` };
  }
  const rationale = parseNoteOrError({ type: "doc", content: comments.flatMap((b) => textualToNote(b).content) });
  if ("error" in rationale) return rationale;
  if (!noteToPlainText(rationale.value).trim()) return { error: "ruling without a rationale (a textual body without a purpose or with purpose commenting): a ruling here says why" };
  return { value: compact({ ...base, annotationId: idFromIri(annotationIri), annotationIri, classification: value, rationale: rationale.value }) };
}

/** A body an item has no place for, in words (its purposes, and its text or its IRI). */
function describeBody(body: unknown): string {
  if (typeof body === "string") return `a body given by its IRI (${body})`;
  if (!isObject(body)) return "a body that is not a resource";
  const purposes = strings(body.purpose);
  const what = isTextual(body) ? JSON.stringify(excerpt(body.value as string, 60)) : (idOf(body.source) ?? str(body.id) ?? strings(body.type).join(", "));
  return `a body${purposes.length ? ` with purpose ${purposes.join(", ")}` : ""} (${what || "no value"})`;
}

/**
 * One item of a W3C file read: an annotation, a reply (motivation replying), a verdict (motivation
 * assessing) or a ruling (motivation moderating).
 */
export type W3cRead =
  | { kind: "annotation"; value: W3cImportedAnnotation }
  | { kind: "reply"; value: W3cImportedReply }
  | { kind: "verdict"; value: W3cImportedVerdict }
  | { kind: "ruling"; value: W3cImportedRuling };

/**
 * Reads item `index` (0-based, in collectW3cItems' order) of a W3C file; null when it cannot be used at
 * all. Every problem (why it was skipped, or a part of it that was ignored) is pushed to `errors`.
 */
export function readW3cItem(item: unknown, index: number, errors: string[]): W3cRead | null {
  const label = (iri?: string) => `item ${index + 1}${iri ? ` (${iri})` : ""}`;
  if (typeof item === "string") {
    errors.push(`${label(item)}: only a reference to an annotation, not the annotation itself; skipped`);
    return null;
  }
  if (!hasType(item, "Annotation")) {
    errors.push(`${label()}: not an Annotation (no type "Annotation"); skipped`);
    return null;
  }
  const annotation = item as Json;
  const iri = str(annotation.id);
  if (!iri) {
    errors.push(`${label()}: an Annotation without id; skipped`);
    return null;
  }
  const problems: string[] = [];
  const base = common(annotation, iri, problems);
  const bodies = asArray(annotation.body);
  if (typeof annotation.bodyValue === "string") bodies.push({ type: "TextualBody", value: annotation.bodyValue });
  const motivations = strings(annotation.motivation);
  let read: W3cRead | null = null;
  let error: string | undefined;
  if (motivations.includes("replying")) {
    const parsed = parseReply(annotation, base, bodies);
    if ("value" in parsed) read = { kind: "reply", value: parsed.value };
    else error = parsed.error;
  } else if (motivations.includes("assessing")) {
    const parsed = parseVerdict(annotation, base, bodies);
    if ("value" in parsed) read = { kind: "verdict", value: parsed.value };
    else error = parsed.error;
  } else if (motivations.includes("moderating")) {
    const parsed = parseRuling(annotation, base, bodies, problems);
    if ("value" in parsed) read = { kind: "ruling", value: parsed.value };
    else error = parsed.error;
  } else {
    const parsed = parseAnnotation(annotation, base, bodies, problems);
    if ("value" in parsed) read = { kind: "annotation", value: parsed.value };
    else error = parsed.error;
  }
  if (error !== undefined) errors.push(`${label(iri)}: ${error}; skipped`);
  else problems.push(...substitutes(base));
  for (const problem of problems) errors.push(`${label(iri)}: ${problem}`);
  return read;
}
