/**
 * Native export format `apparatus.export` version 2: everything needed to rebuild the
 * reviewers' work (documents with the full text of their current version and its structure,
 * annotations with where they are anchored, replies, verdicts with their status, rulings) plus each document's summary. Described for outside
 * users in FORMAT.md and apparatus.export.v2.schema.json; `nativeExportSchema` is the import-side
 * check, which also reads version 1 files (before document versions: no `version` on documents,
 * no `anchor` on annotations, every annotation placed).
 *
 * Pure: no database access. `streamNativeExport` writes the same JSON as
 * `JSON.stringify(buildNativeExport(...))` without holding a corpus in memory.
 */
import { z } from "zod";
import { ANCHOR_STATES, SUGGESTION_KINDS, type AnchorDTO, type AnchorState, type AnyAnnotationDTO, type Classification, type DisputeResolution, type EvidenceDTO, type PersonRef, type ReplyDTO, type SuggestionOrigin } from "@/lib/annotations/types";
import type { AnchorDetail, AnnotationHistory, AnnotationRecord, ReplyRecord } from "@/lib/annotations/record";
import { classificationSchema, evidenceSchema, MAX_EVIDENCE } from "@/lib/annotations/schemas";
import { DOCUMENT_KINDS } from "@/lib/documents/schemas";
import type { DocumentStructure } from "@/lib/documents/structure";
import { parseNote, type NoteDoc } from "@/lib/notes/schema";
import { computeSummary, type DocumentSummary, type SummaryAnnotation } from "@/lib/summary";
import { ChunkWriter, jsonString } from "./chunks";
import { isStorableDateTime } from "./formats";

export const NATIVE_FORMAT = "apparatus.export";
/** The version exports are written in. */
export const NATIVE_VERSION = 2;
/** The versions an import reads. */
export const NATIVE_VERSIONS = [1, 2] as const;
export type NativeVersion = (typeof NATIVE_VERSIONS)[number];

// Import limits; generous, they only stop absurd or hostile files.
export const NATIVE_LIMITS = {
  textChars: 5 * 1024 * 1024, // the upload limit of lib/documents/extract.ts (5 MB)
  annotationsPerDocument: 200_000,
  repliesPerAnnotation: 10_000,
  verdictsPerAnnotation: 10_000,
  quoteChars: 5_000_000,
  contextChars: 1_000, // prefix / suffix
  plainTextChars: 100_000, // noteText / bodyText
  idChars: 200,
  nameChars: 300,
  suggestionReasonChars: 1_000,
  revisionsPerAnnotation: 10_000,
  placementsPerAnnotation: 10_000,
  versionsPerDocument: 1_000,
} as const;

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

export interface NativePerson {
  id: string;
  name: string;
  email?: string;
}

export interface NativeReply {
  id: string;
  body: NoteDoc;
  bodyText: string;
  author: NativePerson;
  createdAt: string;
  updatedAt: string;
}

export interface NativeVerdict {
  reviewer: NativePerson;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
  // Added within version 1 (disputes that resolve): exports always carry them, files written before lack them.
  status?: "open" | "resolved";
  resolvedAt?: string | null;
  resolution?: DisputeResolution | null;
  createdAt: string;
  updatedAt: string;
}

/** An editor's ruling (added within version 1: exports always carry `ruling`, null when there is none). */
export interface NativeRuling {
  classification: Classification;
  rationale: NoteDoc;
  rationaleText: string;
  /** Who set it last. */
  by: NativePerson;
  /** When it was last set. */
  at: string;
  createdAt: string;
}

/** Where an annotation is anchored: on which version of the document's text, and how it was placed there. */
export interface NativeAnchor {
  state: AnchorState;
  version: number;
  score?: number;
  previousQuote?: string;
  resolution?: { action: "confirmed" | "re-placed" | "left-orphaned"; by: NativePerson; at: string; note?: string };
}

/** An earlier state of an annotation, kept when it was edited (added within version 2: an annotation that was never edited has no `revisions`). */
export interface NativeRevision {
  /** The annotation's version this was. */
  version: number;
  /** Who replaced it, and when. */
  editor: NativePerson;
  createdAt: string;
  /** The fields the edit changed. */
  changed: RevisionField[];
  classification: Classification;
  note: NoteDoc;
  noteText: string;
  evidence: EvidenceDTO[];
}

export const REVISION_FIELDS = ["classification", "note", "evidence"] as const;
export type RevisionField = (typeof REVISION_FIELDS)[number];

/** An earlier placement of an annotation, on the document version `version` (added within version 2, as `revisions`). */
export interface NativePlacement {
  version: number;
  /** null (with `end`) when it was orphaned. */
  start: number | null;
  end: number | null;
  quote: string;
  prefix: string;
  suffix: string;
  state: AnchorState;
  score?: number;
  previousQuote?: string;
  resolution?: NativeAnchor["resolution"];
  /** When it stopped being the annotation's placement. */
  supersededAt: string;
}

export interface NativeAnnotation {
  id: string;
  /** null (with `end`) for an orphaned annotation: no place in the document's text. */
  start: number | null;
  end: number | null;
  quote: string;
  prefix: string;
  suffix: string;
  classification: Classification;
  note: NoteDoc;
  noteText: string;
  evidence: EvidenceDTO[];
  author: NativePerson;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Accepted from a suggested claim (its kind and reason), else null. Added within version 1: older files lack it. */
  suggestion?: SuggestionOrigin | null;
  /** Always written since version 2 of the format. */
  anchor?: NativeAnchor;
  replies: NativeReply[];
  verdicts: NativeVerdict[];
  ruling?: NativeRuling | null;
  /** Earlier states, oldest first; absent when there are none (added within version 2). */
  revisions?: NativeRevision[];
  /** Earlier placements, oldest first; absent when there are none (as `revisions`). */
  placements?: NativePlacement[];
}

/** Summary figures added to version 1 after its first release (the claim-based reliability):
 *  exports always carry them, files written before may lack them. */
type LaterSummaryFigures = "claims" | "reliabilityLow" | "reliabilityHigh" | "minimumClaims" | "openDisputes" | "rulings";

/** The summary as computed by lib/summary; informative on import (it is recomputed). */
export type NativeSummary = Omit<DocumentSummary, LaterSummaryFigures> & Partial<Pick<DocumentSummary, LaterSummaryFigures>>;

/**
 * A version of a document's text (added within version 2: exports always carry `versions`, older files
 * lack it). Every version is listed, oldest first; an earlier one has its `text` (and its structure when
 * one is stored), the current one's is the document's `text`.
 */
export interface NativeTextVersion {
  version: number;
  createdAt: string;
  /** Who added it (null when unknown). */
  addedBy: NativePerson | null;
  /** The change note. */
  note: string | null;
  /** What the upload was: text, markdown or html (null for texts added before versions). */
  format: string | null;
  textSha256: string;
  length: number;
  text?: string;
  structure?: DocumentStructure;
}

/** A document without its annotations and summary. */
export interface NativeDocumentMeta {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  sourceUrl: string | null;
  createdAt: string;
  /** The number of the document version `text` is (always written since version 2 of the format). */
  version?: number;
  textSha256: string;
  /** Length of `text` in code points. */
  length: number;
  text: string;
  /**
   * The structure of the text (lib/documents/structure.ts, FORMAT.md "Document structure"). Added
   * within version 1: exports always carry it, older files lack it. An importer checks it against the
   * text (structureProblems) and drops a bad one with a warning.
   */
  structure?: DocumentStructure;
  /** Every version of the text, oldest first (see NativeTextVersion). */
  versions?: NativeTextVersion[];
}

export interface NativeDocument extends NativeDocumentMeta {
  annotations: NativeAnnotation[];
  summary: NativeSummary;
}

export interface NativeExport {
  format: typeof NATIVE_FORMAT;
  version: NativeVersion;
  exportedAt: string;
  documents: NativeDocument[];
}

// ---------------------------------------------------------------------------------------
// Mapping (fixed key order, so every export of the same data is the same bytes)
// ---------------------------------------------------------------------------------------

type EmailLookup = (userId: string) => string | undefined;

function person(p: PersonRef & { email?: string }, email?: EmailLookup): NativePerson {
  const mail = p.email ?? email?.(p.id);
  return mail ? { id: p.id, name: p.name, email: mail } : { id: p.id, name: p.name };
}

function evidenceEntry(e: EvidenceDTO): EvidenceDTO {
  const out: EvidenceDTO = {};
  if (e.citation) out.citation = e.citation;
  if (e.url) out.url = e.url;
  return out;
}

export function canonicalNativeMeta(d: NativeDocumentMeta): NativeDocumentMeta {
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    publisher: d.publisher ?? null,
    author: d.author ?? null,
    publishedAt: d.publishedAt ?? null,
    sourceUrl: d.sourceUrl ?? null,
    createdAt: d.createdAt,
    ...(d.version !== undefined ? { version: d.version } : {}),
    textSha256: d.textSha256,
    length: d.length,
    text: d.text,
    ...(d.structure !== undefined ? { structure: d.structure } : {}),
    ...(d.versions !== undefined ? { versions: d.versions.map(canonicalTextVersion) } : {}),
  };
}

function canonicalTextVersion(v: NativeTextVersion): NativeTextVersion {
  return {
    version: v.version,
    createdAt: v.createdAt,
    addedBy: v.addedBy ? person(v.addedBy) : null,
    note: v.note ?? null,
    format: v.format ?? null,
    textSha256: v.textSha256,
    length: v.length,
    ...(v.text !== undefined ? { text: v.text } : {}),
    ...(v.structure !== undefined ? { structure: v.structure } : {}),
  };
}

/** Same annotation with keys in the documented order and nothing extra. */
export function canonicalNativeAnnotation(a: NativeAnnotation): NativeAnnotation {
  return {
    id: a.id,
    start: a.start,
    end: a.end,
    quote: a.quote,
    prefix: a.prefix,
    suffix: a.suffix,
    classification: a.classification,
    note: a.note,
    noteText: a.noteText,
    evidence: a.evidence.map(evidenceEntry),
    author: person(a.author),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
    suggestion: a.suggestion ?? null,
    ...(a.anchor ? { anchor: canonicalAnchor(a.anchor) } : {}),
    replies: a.replies.map((r) => ({
      id: r.id,
      body: r.body,
      bodyText: r.bodyText,
      author: person(r.author),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    verdicts: a.verdicts.map((v) => ({
      reviewer: person(v.reviewer),
      verdict: v.verdict,
      proposedClass: v.proposedClass,
      status: v.status ?? "open",
      resolvedAt: v.resolvedAt ?? null,
      resolution: v.resolution ?? null,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    })),
    ruling: a.ruling
      ? {
          classification: a.ruling.classification,
          rationale: a.ruling.rationale,
          rationaleText: a.ruling.rationaleText,
          by: person(a.ruling.by),
          at: a.ruling.at,
          createdAt: a.ruling.createdAt,
        }
      : null,
    ...(a.revisions?.length
      ? {
          revisions: a.revisions.map((r) => ({
            version: r.version,
            editor: person(r.editor),
            createdAt: r.createdAt,
            changed: r.changed,
            classification: r.classification,
            note: r.note,
            noteText: r.noteText,
            evidence: r.evidence.map(evidenceEntry),
          })),
        }
      : {}),
    ...(a.placements?.length
      ? {
          placements: a.placements.map((p) => ({
            version: p.version,
            start: p.start,
            end: p.end,
            quote: p.quote,
            prefix: p.prefix,
            suffix: p.suffix,
            ...anchorDetail(p),
            supersededAt: p.supersededAt,
          })),
        }
      : {}),
  };
}

/** state, score, previousQuote and resolution of an anchor or a placement, in the documented order. */
function anchorDetail(a: Omit<NativeAnchor, "version">): Omit<NativeAnchor, "version"> {
  const out: Omit<NativeAnchor, "version"> = { state: a.state };
  if (a.score !== undefined) out.score = a.score;
  if (a.previousQuote !== undefined) out.previousQuote = a.previousQuote;
  if (a.resolution) {
    const r = a.resolution;
    out.resolution = { action: r.action, by: person(r.by), at: r.at, ...(r.note !== undefined ? { note: r.note } : {}) };
  }
  return out;
}

function canonicalAnchor(a: NativeAnchor): NativeAnchor {
  const { state, ...rest } = anchorDetail(a);
  return { state, version: a.version, ...rest };
}

function toNativeAnchor(a: AnchorDTO, email?: EmailLookup): NativeAnchor {
  return { ...a, ...(a.resolution ? { resolution: { ...a.resolution, by: person(a.resolution.by, email) } } : {}) } as NativeAnchor;
}

/** From the API shapes; `email` adds reviewers' addresses when the caller may export them. */
export function toNativeAnnotation(
  a: AnyAnnotationDTO,
  replies: ReplyDTO[],
  email?: EmailLookup,
  history?: Pick<NativeAnnotation, "revisions" | "placements">,
): NativeAnnotation {
  return canonicalNativeAnnotation({
    ...a,
    ...history,
    anchor: toNativeAnchor(a.anchor, email),
    author: person(a.author, email),
    replies: replies.map((r) => ({ ...r, author: person(r.author, email) })),
    verdicts: a.verdicts.map((v) => ({ ...v, reviewer: person(v.reviewer, email) })),
    ruling: a.ruling ? { ...a.ruling, by: person(a.ruling.by, email) } : null,
  });
}

/** The summary of a document computed from its exported annotations (an orphaned one counts in its open disputes and rulings only). */
export function summaryOf(documentId: string, length: number, annotations: Iterable<NativeAnnotation>): NativeSummary {
  return computeSummary({ documentId, length, annotations: [...annotations].map(summaryInput) });
}

function summaryInput(a: NativeAnnotation): SummaryAnnotation {
  const orphaned = a.start === null || a.end === null;
  return {
    id: a.id,
    start: a.start ?? 0,
    end: a.end ?? 0,
    ...(orphaned ? { orphaned } : {}),
    classification: a.classification,
    authorId: a.author.id,
    disputes: a.verdicts.filter((v) => v.verdict === "dispute" && v.status !== "resolved").length,
    replies: a.replies.length,
    ruling: a.ruling?.classification ?? null,
  };
}

// ---------------------------------------------------------------------------------------
// Whole export in memory (small exports, tests) and streamed (HTTP, command line)
// ---------------------------------------------------------------------------------------

type SummarySource = NativeSummary | (() => NativeSummary | Promise<NativeSummary>);

export interface NativeDocumentInput {
  meta: NativeDocumentMeta;
  annotations: NativeAnnotation[];
  /** Omitted: computed from `annotations` with lib/summary. */
  summary?: NativeSummary;
}

/** An annotation already serialised (nativeAnnotationJson), with what the summary needs of it. */
export interface SerializedNativeAnnotation {
  json: string;
  /** What the summary needs of it (an orphaned one: its open disputes and ruling only). */
  summary: SummaryAnnotation;
}

type NativeAnnotationSource = NativeAnnotation | SerializedNativeAnnotation;

export interface NativeDocumentSource {
  meta: NativeDocumentMeta;
  /** One at a time, or a page at a time (an array, or a generator that serialises each as it is taken). */
  annotations: AsyncIterable<NativeAnnotationSource | Iterable<NativeAnnotationSource>> | Iterable<NativeAnnotationSource | Iterable<NativeAnnotationSource>>;
  /** Read after the annotations; omitted: computed from the streamed annotations. */
  summary?: SummarySource;
}

export function buildNativeExport(input: { exportedAt: string; documents: NativeDocumentInput[] }): NativeExport {
  return {
    format: NATIVE_FORMAT,
    version: NATIVE_VERSION,
    exportedAt: input.exportedAt,
    documents: input.documents.map((d) => ({
      ...canonicalNativeMeta(d.meta),
      annotations: d.annotations.map(canonicalNativeAnnotation),
      summary: d.summary ?? summaryOf(d.meta.id, d.meta.length, d.annotations),
    })),
  };
}

/**
 * Yields string chunks (~64 KB) whose concatenation is `JSON.stringify(buildNativeExport(...))`
 * for the same data. Only one annotation (or one page of them) is held at a time; when no summary is given,
 * the few numbers it needs per annotation are kept until the document ends.
 */
export async function* streamNativeExport(input: {
  exportedAt: string;
  documents: AsyncIterable<NativeDocumentSource> | Iterable<NativeDocumentSource>;
}): AsyncGenerator<string> {
  const out = new ChunkWriter();
  const head = { format: NATIVE_FORMAT, version: NATIVE_VERSION, exportedAt: input.exportedAt };
  const emit = (piece: string) => out.push(piece);
  let chunk = emit(`${JSON.stringify(head).slice(0, -1)},"documents":[`);
  if (chunk !== null) yield chunk;
  let firstDoc = true;
  for await (const doc of input.documents) {
    // The metadata object without its closing brace; annotations and summary follow.
    chunk = emit(`${firstDoc ? "" : ","}${JSON.stringify(canonicalNativeMeta(doc.meta)).slice(0, -1)},"annotations":[`);
    if (chunk !== null) yield chunk;
    firstDoc = false;
    const forSummary: SummaryAnnotation[] = [];
    let firstAnnotation = true;
    const ready: string[] = [];
    const add = (annotation: NativeAnnotationSource) => {
      const serialized = "json" in annotation;
      const json = serialized ? annotation.json : JSON.stringify(canonicalNativeAnnotation(annotation));
      const piece = emit(firstAnnotation ? json : `,${json}`);
      if (piece !== null) ready.push(piece);
      firstAnnotation = false;
      if (doc.summary === undefined) {
        forSummary.push(serialized ? annotation.summary : summaryInput(annotation));
      }
    };
    for await (const entry of doc.annotations) {
      if (Symbol.iterator in entry) for (const annotation of entry) add(annotation);
      else add(entry);
      yield* ready;
      ready.length = 0;
    }
    const summary =
      doc.summary === undefined
        ? computeSummary({ documentId: doc.meta.id, length: doc.meta.length, annotations: forSummary })
        : typeof doc.summary === "function"
          ? await doc.summary()
          : doc.summary;
    chunk = emit(`],"summary":${JSON.stringify(summary)}}`);
    if (chunk !== null) yield chunk;
  }
  chunk = emit("]}");
  if (chunk !== null) yield chunk;
  const rest = out.end();
  if (rest !== null) yield rest;
}

// ---------------------------------------------------------------------------------------
// Import-side validation
// ---------------------------------------------------------------------------------------

const L = NATIVE_LIMITS;
const dateTime = z.string().refine(isStorableDateTime, "must be an ISO 8601 date-time such as 2024-05-01T10:00:00.000Z (from the year 1, without a leap second)");
const id = z.string().min(1, "must not be empty").max(L.idChars);
// Stored in 32-bit integer columns (PostgreSQL's integer).
const INT_MAX = 2_147_483_647;
const offset = z.number().int("must be an integer").min(0, "must be 0 or more").max(INT_MAX, "must be at most 2,147,483,647");
const versionNumber = z.number().int("must be an integer").min(1, "must be 1 or more").max(INT_MAX, "must be at most 2,147,483,647");
const nullableText = (max: number) => z.string().max(max).nullable();

// The note goes through parseNote, the same gate the API uses, so an import cannot smuggle
// anything a reviewer could not have typed.
const note = z.unknown().transform((value, ctx): NoteDoc => {
  const result = parseNote(value);
  if (result.ok) return result.doc;
  ctx.addIssue({ code: "custom", message: `invalid note (${result.message})` });
  return z.NEVER;
});

const personSchema = z.strictObject({
  id,
  name: z.string().max(L.nameChars),
  email: z.string().max(320).optional(),
});

const suggestionSchema = z.strictObject({
  kind: z.enum(SUGGESTION_KINDS, { message: `kind must be one of ${SUGGESTION_KINDS.join(", ")}` }),
  reason: z.string().max(L.suggestionReasonChars),
});

const replySchema = z.strictObject({
  id,
  body: note,
  bodyText: z.string().max(L.plainTextChars),
  author: personSchema,
  createdAt: dateTime,
  updatedAt: dateTime,
});

const verdictSchema = z
  .strictObject({
    reviewer: personSchema,
    verdict: z.enum(["agree", "dispute"], { message: 'verdict must be "agree" or "dispute"' }),
    proposedClass: classificationSchema.nullable(),
    status: z.enum(["open", "resolved"], { message: 'status must be "open" or "resolved"' }).optional(),
    resolvedAt: dateTime.nullable().optional(),
    resolution: z.enum(["adopted", "ruled"], { message: 'resolution must be "adopted" or "ruled"' }).nullable().optional(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .refine((v) => v.verdict === "dispute" || v.proposedClass === null, {
    message: "an agree verdict has no proposedClass (use null)",
    path: ["proposedClass"],
  })
  .refine((v) => (v.status === "resolved") === (v.resolvedAt != null && v.resolution != null), {
    message: "a resolved verdict has resolvedAt and resolution, an open one has neither (use null)",
    path: ["status"],
  })
  .refine((v) => v.verdict === "dispute" || v.status !== "resolved", {
    message: "only a dispute can be resolved",
    path: ["status"],
  });

const rulingSchema = z.strictObject({
  classification: classificationSchema,
  rationale: note,
  rationaleText: z.string().max(L.plainTextChars),
  by: personSchema,
  at: dateTime,
  createdAt: dateTime,
});

const resolutionSchema = z.strictObject({
  action: z.enum(["confirmed", "re-placed", "left-orphaned"]),
  by: personSchema,
  at: dateTime,
  note: z.string().max(L.plainTextChars).optional(),
});

const anchorSchema = z.strictObject({
  state: z.enum(ANCHOR_STATES, { message: `anchor state must be one of ${ANCHOR_STATES.join(", ")}` }),
  version: versionNumber,
  score: z.number().min(0).max(1).optional(),
  previousQuote: z.string().max(L.quoteChars).optional(),
  resolution: resolutionSchema.optional(),
});

const revisionSchema = z.strictObject({
  version: versionNumber,
  editor: personSchema,
  createdAt: dateTime,
  changed: z.array(z.enum(REVISION_FIELDS, { message: `changed lists fields among ${REVISION_FIELDS.join(", ")}` })).max(REVISION_FIELDS.length),
  classification: classificationSchema,
  note,
  noteText: z.string().max(L.plainTextChars),
  evidence: z.array(evidenceSchema).max(MAX_EVIDENCE, `at most ${MAX_EVIDENCE} evidence entries`),
});

/** Offsets are null, both, exactly when the placement is orphaned. */
const nullWhenOrphaned = (start: number | null, end: number | null, state: AnchorState | undefined) =>
  (start === null) === (end === null) && (start === null) === (state === "orphaned");

// An earlier placement: an anchor (its state, score, previous quote and a person's decision) with the
// offsets, quote and context it had, and when it was replaced.
const placementSchema = anchorSchema
  .extend({
    start: offset.nullable(),
    end: offset.nullable(),
    quote: z.string().min(1, "must not be empty").max(L.quoteChars),
    prefix: z.string().max(L.contextChars),
    suffix: z.string().max(L.contextChars),
    state: z.enum(ANCHOR_STATES, { message: `state must be one of ${ANCHOR_STATES.join(", ")}` }),
    supersededAt: dateTime,
  })
  .refine((p) => nullWhenOrphaned(p.start, p.end, p.state), {
    message: 'start and end are null exactly when state is "orphaned"',
    path: ["start"],
  })
  .refine((p) => p.start === null || p.end === null || p.end > p.start, { message: "end must be greater than start", path: ["end"] });

const annotationSchema = z
  .strictObject({
    id,
    start: offset.nullable(),
    end: offset.nullable(),
    quote: z.string().min(1, "must not be empty").max(L.quoteChars),
    prefix: z.string().max(L.contextChars),
    suffix: z.string().max(L.contextChars),
    classification: classificationSchema,
    note,
    noteText: z.string().max(L.plainTextChars),
    evidence: z.array(evidenceSchema).max(MAX_EVIDENCE, `at most ${MAX_EVIDENCE} evidence entries`),
    author: personSchema,
    createdAt: dateTime,
    updatedAt: dateTime,
    version: versionNumber,
    suggestion: suggestionSchema.nullable().optional(),
    anchor: anchorSchema.optional(),
    replies: z.array(replySchema).max(L.repliesPerAnnotation),
    verdicts: z.array(verdictSchema).max(L.verdictsPerAnnotation),
    ruling: rulingSchema.nullable().optional(),
    revisions: z.array(revisionSchema).max(L.revisionsPerAnnotation).optional(),
    placements: z.array(placementSchema).max(L.placementsPerAnnotation).optional(),
  })
  .refine((a) => (a.revisions ?? []).every((r, k, all) => r.version < a.version && (k === 0 || r.version > all[k - 1].version)), {
    message: "revisions are earlier versions of the annotation, oldest first: each version below the annotation's and above the one before",
    path: ["revisions"],
  })
  .refine((a) => a.start === null || a.end === null || a.end > a.start, {
    error: (issue) => {
      const a = issue.input as { start: number; end: number };
      return `end (${a.end}) must be greater than start (${a.start})`;
    },
    path: ["end"],
  })
  .refine((a) => nullWhenOrphaned(a.start, a.end, a.anchor?.state), {
    message: 'start and end are null exactly when anchor.state is "orphaned"',
    path: ["start"],
  });

const classNumbers = z.strictObject({ sourced: z.number(), contested: z.number(), opinion: z.number() });
// Loose: later versions of the summary may add figures; import recomputes it anyway.
const summarySchema = z.looseObject({
  documentId: z.string(),
  length: offset,
  counts: classNumbers,
  reviewers: offset,
  coverage: z.number().min(0).max(1),
  shares: classNumbers,
  claims: classNumbers.optional(),
  reliability: z.number().min(0).max(1).nullable(),
  reliabilityLow: z.number().min(0).max(1).nullable().optional(),
  reliabilityHigh: z.number().min(0).max(1).nullable().optional(),
  minimumClaims: offset.optional(),
  agreement: z.number().nullable(),
  agreementReviewers: offset,
  openDisputes: offset.optional(),
  rulings: offset.optional(),
  disputed: z.array(z.looseObject({ annotationId: z.string(), disputes: offset, replies: offset })),
});

const textVersionSchema = z.strictObject({
  version: versionNumber,
  createdAt: dateTime,
  addedBy: personSchema.nullable(),
  note: z.string().max(L.plainTextChars).nullable(),
  format: z.enum(["text", "markdown", "html"], { message: 'format must be "text", "markdown" or "html"' }).nullable(),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hexadecimal digits"),
  length: offset,
  text: z.string().max(L.textChars, `text is longer than ${L.textChars} characters`).optional(),
  // checked against the version's text by the importer, as the document's own structure
  structure: z.custom<DocumentStructure>(() => true).optional(),
});

const documentSchema = z.strictObject({
  id,
  title: z.string().min(1, "must not be empty").max(300),
  kind: z.enum(DOCUMENT_KINDS, { message: `kind must be one of ${DOCUMENT_KINDS.join(", ")}` }),
  publisher: nullableText(300),
  author: nullableText(300),
  publishedAt: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must look like 2017, 2017-11 or 2017-11-27")
    .nullable(),
  sourceUrl: nullableText(2000),
  createdAt: dateTime,
  version: versionNumber.optional(),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hexadecimal digits"),
  length: offset,
  text: z.string().max(L.textChars, `text is longer than ${L.textChars} characters`),
  // Checked against the text by the importer (structureProblems), which drops a bad one with a warning
  // rather than refuse the reviewers' work over it: the structure is derived from the source, like the summary.
  structure: z.custom<DocumentStructure>(() => true).optional(),
  versions: z
    .array(textVersionSchema)
    .min(1, "lists at least the current version")
    .max(L.versionsPerDocument)
    .refine((list) => list.every((v, k) => k === 0 || v.version > list[k - 1].version), { message: "versions are listed oldest first, each number above the one before" })
    .refine((list) => list.every((v, k) => (k === list.length - 1) === (v.text === undefined)), {
      message: "every earlier version has its text; the current one (the last) has none: it is the document's text",
    })
    .optional(),
  annotations: z.array(annotationSchema).max(L.annotationsPerDocument),
  summary: summarySchema,
});

export const nativeExportSchema = z.strictObject({
  format: z.literal(NATIVE_FORMAT, { message: `format must be "${NATIVE_FORMAT}"` }),
  version: z.union(
    NATIVE_VERSIONS.map((v) => z.literal(v)),
    { message: `version must be ${NATIVE_VERSIONS.join(" or ")}; this file is from another version of the format` },
  ),
  exportedAt: dateTime,
  documents: z.array(documentSchema),
});

// Compile-time check that the validated shape is the documented one.
type Parsed = z.output<typeof nativeExportSchema>;
const _parsedIsNativeExport = (p: Parsed): NativeExport => p;
void _parsedIsNativeExport;

export type NativeParseResult = { ok: true; data: NativeExport } | { ok: false; errors: string[] };

const MAX_REPORTED_ERRORS = 20;

/**
 * Validates an incoming native file. Errors name the place, e.g.
 * `documents[0].annotations[3].end: end (4) must be greater than start (9)`.
 * Offsets are not checked against the text here: the importer re-anchors by quote and
 * reports what it cannot place, and it recomputes textSha256, length and summary.
 */
export function parseNativeExport(json: unknown): NativeParseResult {
  const problems = new NativeProblems();
  const data = problems.check(nativeExportSchema, json, []);
  return data ? { ok: true, data } : { ok: false, errors: problems.list() };
}

// The parts of the file, for an import that reads it piece by piece (lib/import/service.ts): the file
// with `documents: []`, then each document with `annotations: []`, then each annotation.
export const nativeAnnotationSchema = annotationSchema;
export const nativeDocumentSchema = documentSchema;
/** A document's fields but its annotations and summary (what the importer needs to place it). */
export const nativeDocumentMetaSchema = documentSchema.omit({ annotations: true, summary: true });

/** The problems of a file checked whole or part by part, named and counted as parseNativeExport reports them. */
export class NativeProblems {
  private count = 0;
  private readonly errors: string[] = [];

  get found(): boolean {
    return this.count > 0;
  }

  /** `value` checked against `schema`; its output, or undefined with its problems added (named under `path`). */
  check<S extends z.ZodType>(schema: S, value: unknown, path: PropertyKey[]): z.output<S> | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.add([...path, ...issue.path], issue.message);
    return undefined;
  }

  add(path: PropertyKey[], message: string) {
    if (this.count++ < MAX_REPORTED_ERRORS) this.errors.push(`${formatPath(path)}: ${message}`);
  }

  /** `other`'s problems after these. */
  append(other: NativeProblems) {
    for (const error of other.errors) if (this.count++ < MAX_REPORTED_ERRORS) this.errors.push(error);
    this.count += other.count - other.errors.length;
  }

  list(): string[] {
    const more = this.count - MAX_REPORTED_ERRORS;
    return more > 0 ? [...this.errors, `… and ${more} more problems`] : [...this.errors];
  }
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return "file";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

// ---------------------------------------------------------------------------------------
// The export's hot path
// ---------------------------------------------------------------------------------------

const q = jsonString;

/**
 * The JSON text of `toNativeAnnotation(toAnnotationDTO(record, …), replies, email)`, written directly:
 * the stored note and reply bodies are already canonical JSON (they are stored as JSON.stringify of the
 * parsed document), so they go in as they are, and no intermediate objects are built. The export streams
 * 100,000 annotations through this; native.test.ts checks it byte for byte against the mapping.
 * `person` gives the JSON of a person reference (with email where the export may carry it).
 */
export function nativeAnnotationJson(a: AnnotationRecord, replies: ReplyRecord[], person: (id: string) => string, history?: AnnotationHistory): SerializedNativeAnnotation {
  let thread = "";
  for (const r of replies) {
    thread +=
      `${thread ? "," : ""}{"id":${q(r.id)},"body":${r.body},"bodyText":${q(r.bodyText)},"author":${person(r.authorId)},` +
      `"createdAt":${q(r.createdAt)},"updatedAt":${q(r.updatedAt)}}`;
  }
  let verdicts = "";
  let disputes = 0;
  for (const v of a.verdicts) {
    const open = v.resolvedAt === null;
    if (v.verdict === "dispute" && open) disputes++;
    verdicts +=
      `${verdicts ? "," : ""}{"reviewer":${person(v.reviewerId)},"verdict":${q(v.verdict)},"proposedClass":${v.proposedClass === null ? "null" : q(v.proposedClass)},` +
      `"status":${open ? '"open","resolvedAt":null,"resolution":null' : `"resolved","resolvedAt":${JSON.stringify(v.resolvedAt)},"resolution":${JSON.stringify(v.resolution)}`},` +
      `"createdAt":${q(v.createdAt)},"updatedAt":${q(v.updatedAt)}}`;
  }
  const r = a.ruling;
  const ruling = r
    ? `{"classification":${q(r.classification)},"rationale":${r.rationale},"rationaleText":${q(r.rationaleText)},"by":${person(r.editorId)},` +
      `"at":${q(r.updatedAt)},"createdAt":${q(r.createdAt)}}`
    : "null";
  const orphaned = a.anchorState === "orphaned";
  const anchor = `{"state":${q(a.anchorState)},"version":${a.anchorVersion}${detailJson(a.anchorDetail, person)}}`;
  // each only when there is any: most annotations have neither, and an export holds hundreds of thousands
  let revisions = "";
  let placements = "";
  if (history) {
    for (const v of history.revisions) {
      revisions +=
        `${revisions ? "," : ',"revisions":['}{"version":${v.version},"editor":${person(v.editorId)},"createdAt":${q(v.createdAt)},"changed":${JSON.stringify(v.changed)},` +
        `"classification":${q(v.classification)},"note":${v.note},"noteText":${q(v.noteText)},"evidence":${evidenceJson(v.evidence)}}`;
    }
    for (const p of history.placements) {
      const gone = p.state === "orphaned";
      placements +=
        `${placements ? "," : ',"placements":['}{"version":${p.version},"start":${gone ? "null" : p.start},"end":${gone ? "null" : p.end},"quote":${q(p.quote)},"prefix":${q(p.prefix)},"suffix":${q(p.suffix)},` +
        `"state":${q(p.state)}${detailJson(p.detail, person)},"supersededAt":${q(p.supersededAt)}}`;
    }
  }
  const json =
    `{"id":${q(a.id)},"start":${orphaned ? "null" : a.start},"end":${orphaned ? "null" : a.end},"quote":${q(a.quote)},"prefix":${q(a.prefix)},"suffix":${q(a.suffix)},` +
    `"classification":${q(a.classification)},"note":${a.note},"noteText":${q(a.noteText)},"evidence":${evidenceJson(a.evidence)},"author":${person(a.authorId)},` +
    `"createdAt":${q(a.createdAt)},"updatedAt":${q(a.updatedAt)},"version":${a.version},` +
    `"suggestion":${a.suggestionKind === null ? "null" : `{"kind":${q(a.suggestionKind)},"reason":${q(a.suggestionReason ?? "")}}`},"anchor":${anchor},"replies":[${thread}],"verdicts":[${verdicts}],"ruling":${ruling}${revisions && `${revisions}]`}${placements && `${placements}]`}}`;
  return {
    json,
    summary: {
      id: a.id,
      start: orphaned ? 0 : a.start,
      end: orphaned ? 0 : a.end,
      classification: a.classification,
      authorId: a.authorId,
      disputes,
      replies: replies.length,
      ruling: r?.classification ?? null,
      ...(orphaned ? { orphaned } : {}),
    },
  };
}

function evidenceJson(list: AnnotationRecord["evidence"]): string {
  let evidence = "";
  for (const e of list) {
    const citation = e.citation ? `"citation":${q(e.citation)}` : "";
    const url = e.url ? `${citation ? "," : ""}"url":${q(e.url)}` : "";
    evidence += `${evidence ? "," : ""}{${citation}${url}}`;
  }
  return `[${evidence}]`;
}

/** `,"score":…,"previousQuote":…,"resolution":{…}` of a stored placement detail (each when set). */
function detailJson(detail: AnchorDetail | null, person: (id: string) => string): string {
  const resolution = detail?.resolution;
  return (
    (detail?.score !== undefined ? `,"score":${JSON.stringify(detail.score)}` : "") +
    (detail?.previousQuote !== undefined ? `,"previousQuote":${q(detail.previousQuote)}` : "") +
    (resolution ? `,"resolution":{"action":${q(resolution.action)},"by":${person(resolution.byId)},"at":${q(resolution.at)}${resolution.note ? `,"note":${q(resolution.note)}` : ""}}` : "")
  );
}

/** The JSON of a person reference in an export: id and name, and the email when given. */
export const nativePersonJson = (id: string, name: string, email?: string): string =>
  `{"id":${q(id)},"name":${q(name)}${email ? `,"email":${q(email)}` : ""}}`;
