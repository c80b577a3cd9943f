import "server-only";
// Import of exports (native apparatus.export or W3C Web Annotation JSON-LD) and of plain files as new
// documents. The rules (see lib/export/FORMAT.md, "Importing"): idempotent (ids are kept; the same file
// twice changes nothing), documents matched by the SHA-256 of their text, annotations placed by
// re-anchoring (lib/anchoring/reanchor.ts: at their offsets when quote and context are there, else by
// searching; each placement reported as exact, moved, fuzzy or orphaned), unknown authors kept as
// inactive placeholder accounts, and every annotation that cannot be placed reported, never dropped.
import crypto from "node:crypto";
import { write } from "@/lib/store/transaction";
import { findEvidenceOf, findImportState, findLiveAnnotationHeads, writeImportBatch, type ImportBatch, type StoredForImport } from "@/lib/annotations/store";
import { findLiveDocumentsBy, findVersions, isDocumentIdTaken, touchDocument } from "@/lib/documents/store";
import { storedTime } from "@/lib/store/time";
import { findExistingPeople, insertPlaceholders } from "@/lib/users/store";
import { AppError, forbidden } from "@/lib/errors";
import { isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/service";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { validateSpan } from "@/lib/anchoring/quote";
import { reanchor, type AnchorState, type Placement } from "@/lib/anchoring/reanchor";
import { carryAnchor, type CarriedAnchor } from "@/lib/annotations/anchor-rules";
import type { AnchorDetail } from "@/lib/annotations/record";
import { assertVersion, StaleVersion } from "@/lib/annotations/service";
import type { AnchorResolutionDTO, Classification, DisputeResolution, EvidenceDTO, SuggestionOrigin } from "@/lib/annotations/types";
import { cpLength, extractText, sha256Hex } from "@/lib/documents/extract";
import { structureProblems, type DocumentStructure } from "@/lib/documents/structure";
import { createDocument, type EarlierVersion, type VersionInfo } from "@/lib/documents/service";
import { documentMetadataSchema, importedMetadataSchema } from "@/lib/documents/schemas";
import {
  NATIVE_FORMAT,
  NATIVE_LIMITS,
  NativeProblems,
  nativeDocumentMetaSchema,
  nativeDocumentSchema,
  nativeExportSchema,
  parseNativeExport,
  type NativeDocumentMeta,
  type NativeExport,
  type NativePlacement,
} from "@/lib/export/native";
import { idFromIri, readW3cItem, UNKNOWN_CREATOR_NAME, type W3cImportedAnnotation, type W3cRead } from "@/lib/export/w3c";
import { outlineW3c, wholeW3c, type W3cOutline, type W3cSource } from "./w3c-source";
import { placeholderEmail, unusablePasswordHash } from "./placeholder";
import { bytesInput, fileInput, notJson, notUtf8, type ImportInput } from "./input";
import { JsonScanner, JsonSyntaxError, parseJson, Utf8Error } from "./json-scan";
import {
  checkAnnotationBytes,
  DEPTH,
  readAnnotation,
  readAnnotationBytes,
  storageProblem,
  writtenNote,
  type CheckedAnnotation,
  type ReadAnnotation,
  type WrittenNote,
} from "./annotation-bytes";
import { HelperStopped, type ImportHelper } from "./helper";
import { walkNative, type WalkEvent } from "./native-walk";

/** Largest import accepted over HTTP (and from a file on the command line). */
export { MAX_IMPORT_BYTES } from "./limits";
/** Annotations written per transaction (with their evidence, replies and verdicts). */
export const IMPORT_BATCH = 500;
const MAX_REPORTED_PROBLEMS = 1000;

// ---------------------------------------------------------------------------------------------
// Report

export interface UnplacedAnnotation {
  id: string;
  quote: string;
  reason: string;
}

/** An annotation placed on approximate text or context (lib/anchoring/reanchor.ts): to be checked by a person. */
export interface FuzzyAnnotation {
  id: string;
  /** The document it is on here (the reader's permalink is /documents/<documentId>?a=<id>). */
  documentId: string;
  /** The passage it now marks. */
  quote: string;
  /** The quote in the file. */
  previousQuote: string;
  score: number;
}

export interface ImportedDocument {
  /** The document's id here (null when it could not be stored). */
  id: string | null;
  /** Its id in the file (W3C: the id taken from the target IRI). */
  fileId: string;
  title: string;
  status: "created" | "matched" | "refused";
  /** How a matched document was found: its text's hash, or (another version of the text) its id or title. */
  matchedBy?: "text" | "id" | "title";
  /** The annotations were placed on this installation's text by searching for their quotes. */
  reanchored?: boolean;
  reason?: string;
}

export interface ImportReport {
  format: "native" | "w3c";
  documents: { created: number; matched: number; refused: number; list: ImportedDocument[] };
  annotations: {
    created: number;
    unchanged: number;
    updated: number;
    /** Placed somewhere other than the file's offsets (found by their quote): re-anchored. */
    replaced: number;
    /**
     * How each annotation created here was placed (a fuzzy one in the file stays fuzzy until a person
     * confirms it). Orphaned ones the file had placed are also in `unplaced` and not imported; ones
     * already orphaned in the file are imported as orphaned.
     */
    anchoring: Record<AnchorState, number>;
    fuzzy: FuzzyAnnotation[];
    unplaced: UnplacedAnnotation[];
  };
  replies: { created: number; unchanged: number; updated: number; skipped: Array<{ id: string; reason: string }> };
  verdicts: {
    created: number;
    unchanged: number;
    updated: number;
    /** `reviewer`: the reviewer's id in the file; `reviewerName`: their name there. */
    skipped: Array<{ annotationId: string; reviewer: string; reviewerName: string; reason: string }>;
  };
  /**
   * Rulings (native files): created, replaced by a newer one from the file, or already here. `skipped`:
   * left out (`editor`: the editor's id in the file; `editorName`: their name there).
   */
  rulings: { created: number; unchanged: number; updated: number; skipped: Array<{ annotationId: string; editor: string; editorName: string; reason: string }> };
  /** `withoutAddress`: of those created, the authors the file gave no address (attributions until an admin gives one). */
  people: { matched: number; created: number; withoutAddress: number };
  /** Things read but not fully used (a W3C item that could not be read, a wrong textSha256, …). */
  warnings: string[];
  /** W3C files: the items the file holds (annotations, replies, verdicts…) and how many could not be read at all (each said in `warnings`). */
  items?: { total: number; skipped: number };
}

function emptyReport(format: "native" | "w3c"): ImportReport {
  return {
    format,
    documents: { created: 0, matched: 0, refused: 0, list: [] },
    annotations: { created: 0, unchanged: 0, updated: 0, replaced: 0, anchoring: { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 }, fuzzy: [], unplaced: [] },
    replies: { created: 0, unchanged: 0, updated: 0, skipped: [] },
    verdicts: { created: 0, unchanged: 0, updated: 0, skipped: [] },
    rulings: { created: 0, unchanged: 0, updated: 0, skipped: [] },
    people: { matched: 0, created: 0, withoutAddress: 0 },
    warnings: [],
  };
}

/** Whether anything in the file was left out (the command line exits non-zero then). */
export function importHadProblems(report: ImportReport): boolean {
  return (
    report.documents.refused > 0 ||
    report.annotations.unplaced.length > 0 ||
    report.replies.skipped.length > 0 ||
    report.verdicts.skipped.length > 0 ||
    report.warnings.length > 0
  );
}

// ---------------------------------------------------------------------------------------------
// Reading a file

export type ParsedImport = { format: "native"; data: NativeExport } | { format: "w3c"; data: W3cSource };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const W3C_TYPES = new Set(["Annotation", "AnnotationCollection", "AnnotationPage"]);

function looksLikeW3c(json: unknown): boolean {
  if (Array.isArray(json)) return true;
  if (!isObject(json)) return false;
  const types = Array.isArray(json.type) ? json.type : [json.type];
  return "@context" in json || "@graph" in json || types.some((t) => typeof t === "string" && W3C_TYPES.has(t));
}

/** The ClaimReview export (lib/export/claimreview.ts): a JSON array of ClaimReview objects, or one. */
function isClaimReview(json: unknown): boolean {
  const first = Array.isArray(json) ? json[0] : json;
  return isObject(first) && first["@type"] === "ClaimReview";
}

/** Detects the format by shape and validates a native file; a file that is neither is refused (422) with the reasons (a W3C file's items are checked by checkW3c). */
export function interpretImport(json: unknown): ParsedImport {
  if (isObject(json) && "format" in json) {
    if (json.format !== NATIVE_FORMAT) throw unknownFormat(json.format);
    const parsed = parseNativeExport(json);
    if (!parsed.ok) throw invalidNative(parsed.errors);
    // The metadata rules of the app are stricter than the format's (trimmed titles, real dates, http(s)
    // URLs). Check every document before anything is written, so a bad one refuses the file (422)
    // instead of failing half-way through with earlier documents already imported.
    const problems = parsed.data.documents.flatMap((doc, i) => metadataProblems(doc, i));
    if (problems.length > 0) throw invalidNative(problems.slice(0, MAX_REPORTED_PROBLEMS));
    if (parsed.data.documents.length === 0) throw noDocuments();
    return { format: "native", data: parsed.data };
  }
  assertW3c(json);
  return { format: "w3c", data: wholeW3c(json) };
}

/** A file that is not native: W3C Web Annotation JSON-LD, else refused (422) with why. */
function assertW3c(json: unknown) {
  if (isClaimReview(json)) {
    throw new AppError(
      "UNPROCESSABLE",
      "The file is a ClaimReview export (rulings as schema.org ClaimReview, for publishing fact-checks); it cannot be imported. Import a native or W3C export instead.",
    );
  }
  if (looksLikeW3c(json)) return;
  throw new AppError(
    "UNPROCESSABLE",
    `The file is neither an Apparatus export (with "format": "${NATIVE_FORMAT}") nor W3C Web Annotation JSON-LD (an Annotation, AnnotationPage or AnnotationCollection).`,
  );
}

const unknownFormat = (format: unknown) =>
  new AppError("UNPROCESSABLE", `Unknown export format ${JSON.stringify(format)}; expected "${NATIVE_FORMAT}" or W3C Web Annotation JSON-LD.`);

const noDocuments = () =>
  new AppError("UNPROCESSABLE", `The file is a valid ${NATIVE_FORMAT} file but holds no documents; nothing was imported.`);

/** After a refusal's first three problems: where the rest are. */
const moreProblems = (n: number) => ` (and ${n.toLocaleString("en")} more, listed by Admin → Import, the command line and the API's error.details.errors)`;

const invalidNative = (errors: string[]) =>
  new AppError("UNPROCESSABLE", `The file is not a valid ${NATIVE_FORMAT} file: ${errors.slice(0, 3).join("; ")}`, { errors });

function metadataProblems(doc: NativeDocumentMeta, i: number): string[] {
  const metadata = importedMetadataSchema.safeParse(nativeMetadata(doc));
  const problems = metadata.success ? [] : metadata.error.issues.map((issue) => `documents[${i}].${issue.path.join(".")}: ${issue.message}`);
  const last = doc.versions?.at(-1);
  if (last && last.version !== (doc.version ?? 1)) {
    problems.push(`documents[${i}].versions: the last version (${last.version}) must be the document's current one (version ${doc.version ?? 1})`);
  }
  return problems;
}

/** Bytes (or text) of a file → its validated content. Not UTF-8 or not JSON: 400; the wrong shape: 422. */
export function parseImport(input: Uint8Array | string): ParsedImport {
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      throw notUtf8();
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) throw new AppError("INVALID_INPUT", "The file is empty; send an export (JSON).");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw new AppError("INVALID_INPUT", "The file's JSON is nested too deeply.");
    const detail = error instanceof SyntaxError ? ` (${error.message})` : "";
    throw new AppError("INVALID_INPUT", `The file is not valid JSON${detail}.`);
  }
  const unstorable = storageProblem(json, 1);
  if (unstorable) throw unstorable;
  return interpretImport(json);
}

// ---------------------------------------------------------------------------------------------
// Reading a file as it streams (native files; see "Importing" in lib/export/FORMAT.md)

/** What the checking pass learnt: for each document, whether its fields all come before its annotations (then those are written as they stream). */
interface NativeLayout {
  fieldsFirst: boolean[];
}

/**
 * The checking pass over a native file: reads it once, item by item, keeping nothing but the problems,
 * and refuses it as parseImport would refuse it whole (not UTF-8, then not JSON, then what cannot be
 * stored (400), then the format's problems and the app's metadata rules (422)), so that a file that is
 * refused changes nothing. Null when the file is not one to stream (not an object, no "format", a key
 * twice): it is read whole then, as before.
 */
async function checkNative(input: ImportInput, helper: ImportHelper | null): Promise<NativeLayout | null> {
  const s = new JsonScanner(input.chunks(), { checkUtf8: true });
  const problems = new NativeProblems();
  const metadata: string[] = [];
  const fieldsFirst: boolean[] = [];
  const top: Record<string, unknown> = {};
  let unstorable: AppError | null = null;
  let twice = false;

  // An annotation's problems, applied in the file's order (checked here or by the helper thread).
  const checks = new CheckQueue(helper, (i, j, c) => {
    if (c.syntax !== undefined) throw new JsonSyntaxError(c.syntax);
    if (c.unstorable) unstorable ??= new AppError("INVALID_INPUT", c.unstorable);
    for (const issue of c.issues ?? []) problems.add(["documents", i, "annotations", j, ...issue.path], issue.message);
  });

  const read = async (depth: number, isText = false) => {
    let value: unknown;
    try {
      value = parseJson((await s.value())!);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      unstorable ??= new AppError("INVALID_INPUT", "The file's JSON is nested too deeply.");
      return null;
    }
    unstorable ??= storageProblem(value, depth, isText);
    return value;
  };

  const checkDocument = async (i: number) => {
    if ((await s.peek()) !== 0x7b) {
      problems.check(nativeDocumentSchema, await read(DEPTH.document), ["documents", i]);
      return false;
    }
    const doc: Record<string, unknown> = {};
    let annotations = 0;
    let first = true;
    await s.object(async (key) => {
      if (Object.hasOwn(doc, key)) twice = true;
      if (key === "annotations" && (await s.peek()) === 0x5b) {
        doc.annotations = [];
        await s.array(async (j) => {
          annotations++;
          await checks.add(i, j, (await s.value())!);
        });
        await checks.finish();
        return;
      }
      if (Object.hasOwn(doc, "annotations") && key !== "summary") first = false;
      doc[key] = await read(DEPTH.field, key === "text");
    });
    if (annotations > NATIVE_LIMITS.annotationsPerDocument) {
      problems.add(["documents", i, "annotations"], `Too big: expected array to have <=${NATIVE_LIMITS.annotationsPerDocument} items`);
    }
    const checked = problems.check(nativeDocumentSchema, doc, ["documents", i]);
    if (checked) metadata.push(...metadataProblems(checked, i));
    return first;
  };

  try {
    if ((await s.peek()) !== 0x7b) return null;
    await s.object(async (key) => {
      if (Object.hasOwn(top, key)) twice = true;
      if (key === "documents" && (await s.peek()) === 0x5b) {
        top.documents = [];
        await s.array(async (i) => void fieldsFirst.push(await checkDocument(i)));
      } else if (key === "format" || key === "version" || key === "exportedAt" || key === "documents") {
        top[key] = await read(DEPTH.top);
      } else {
        // Not part of the format (a W3C file's items, or a key the format refuses): not kept.
        await s.value(false);
        top[key] = null;
      }
    });
    await s.end();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    // An annotation before the place the scanner stopped at, not yet applied, may be the first error.
    const message = (await checks.firstSyntaxError()) ?? error.message;
    await s.drain(); // a byte that is not UTF-8 anywhere in the file is what is said first, as when read whole
    throw notJson(message);
  }
  if (twice || !Object.hasOwn(top, "format")) return null;
  if (unstorable) throw unstorable;
  if (top.format !== NATIVE_FORMAT) throw unknownFormat(top.format);
  const all = new NativeProblems();
  all.check(nativeExportSchema, top, []);
  all.append(problems);
  if (all.found) throw invalidNative(all.list());
  if (metadata.length > 0) throw invalidNative(metadata.slice(0, MAX_REPORTED_PROBLEMS));
  if (fieldsFirst.length === 0) throw noDocuments();
  return { fieldsFirst };
}

/** Annotations per checking request to the helper thread. */
const HELPER_BATCH = 250;
/**
 * Checking batches the helper thread may have waiting before this thread checks the next one itself: with
 * one waiting behind the one it works on, it never idles while this thread scans, and this thread takes
 * a batch only when the helper is behind.
 */
const HELPER_QUEUE = 2;

/**
 * The checking pass's annotations, a batch at a time: each batch is checked by the helper thread when
 * it has fewer than HELPER_QUEUE waiting, else here, and the results are applied (`apply`) in the
 * file's order, so the problems, and the first error, are those of a check done in order on one thread.
 */
class CheckQueue {
  private items: Uint8Array[] = [];
  private at = { i: 0, j: 0 };
  private readonly batches: Array<{ i: number; j: number; items: Uint8Array[]; checked?: CheckedAnnotation[]; pending?: Promise<CheckedAnnotation[]> }> = [];

  constructor(
    private readonly helper: ImportHelper | null,
    private readonly apply: (i: number, j: number, checked: CheckedAnnotation) => void,
  ) {}

  /** Annotation `j` of document `i`. */
  async add(i: number, j: number, bytes: Uint8Array) {
    if (this.items.length === 0) this.at = { i, j };
    this.items.push(bytes);
    if (this.items.length >= HELPER_BATCH) await this.send();
  }

  /** The end of a document's annotations: every result applied. */
  async finish() {
    if (this.items.length > 0) await this.send();
    await this.applyReady(true);
  }

  private async send() {
    const items = this.items;
    this.items = [];
    const batch: (typeof this.batches)[number] = { ...this.at, items };
    if (this.helper?.usable && this.helper.busy < HELPER_QUEUE) {
      // the thread's answer, or (when it stopped) the same check done here
      batch.pending = this.helper.check(items).catch(() => items.map(checkAnnotationBytes));
    } else batch.checked = items.map(checkAnnotationBytes);
    this.batches.push(batch);
    await this.applyReady(this.batches.length > 8);
  }

  private async applyReady(wait: boolean) {
    while (this.batches.length > 0) {
      const head = this.batches[0];
      if (!head.checked) {
        if (!wait) return;
        head.checked = await head.pending!;
      }
      this.batches.shift();
      try {
        head.checked.forEach((c, k) => this.apply(head.i, head.j + k, c));
      } catch (error) {
        // the first error in the file: what comes after it is not looked at
        this.batches.length = 0;
        this.items = [];
        throw error;
      }
    }
  }

  /** The JSON error of the first annotation read but not yet applied, if one has one (the scanner stopped after them). */
  async firstSyntaxError(): Promise<string | undefined> {
    for (const batch of this.batches) {
      for (const c of batch.checked ?? (await batch.pending!)) if (c.syntax !== undefined) return c.syntax;
    }
    for (const bytes of this.items) {
      const c = checkAnnotationBytes(bytes);
      if (c.syntax !== undefined) return c.syntax;
    }
    return undefined;
  }
}

/**
 * The writing pass over a checked native file: each document placed when its fields are read, its
 * annotations written in batches as they come. The helper thread walks the file when there is one (the
 * annotations read there, ahead of the writes); if it stops, the walk is done again here, passing over
 * what was written.
 */
async function importNativeStream(w: Writer, input: ImportInput, layout: NativeLayout, helper: ImportHelper | null) {
  const writer = new NativeStreamWriter(w, layout);
  if (helper?.usable) {
    try {
      for await (const event of helper.walk(input.chunks())) await writer.apply(event);
      return;
    } catch (error) {
      if (!(error instanceof HelperStopped)) throw error;
    }
  }
  await walkNative(input.chunks(), {
    begin: (i, fields) => writer.apply({ kind: "begin", i, fields }),
    annotation: async (i, j, bytes) => {
      if (writer.wants(i, j)) await writer.apply({ kind: "annotations", i, j, list: [readAnnotationBytes(bytes)] });
    },
    annotationsEnd: async () => {},
    end: (i, fields) => writer.apply({ kind: "end", i, fields }),
  });
}

/** Applies a walk's events to the documents of the file, each once: a walk done again passes over what was applied. */
class NativeStreamWriter {
  private readonly seen = new Set<string>();
  private doc: DocumentImport | null = null;
  /** Documents finished (the current one is document `ended`), whether its annotations began, and how many of them were applied. */
  private ended = 0;
  private begun = false;
  private taken = 0;

  constructor(
    private readonly w: Writer,
    private readonly layout: NativeLayout,
  ) {}

  /** Whether annotation `j` of document `i` is still to be applied. */
  wants(i: number, j: number): boolean {
    return i > this.ended || (i === this.ended && j >= this.taken);
  }

  async apply(e: WalkEvent): Promise<void> {
    if (e.i < this.ended) return;
    this.doc ??= new DocumentImport(this.w, this.seen);
    const doc = this.doc;
    if (e.kind === "begin") {
      if (this.begun) return;
      this.begun = true;
      if (this.layout.fieldsFirst[e.i]) await doc.start(nativeDocumentMetaSchema.parse(e.fields));
    } else if (e.kind === "failed") {
      await this.apply({ kind: "annotations", i: e.i, j: e.j, list: [readAnnotationBytes(e.bytes)] }); // throws why it cannot be read
    } else if (e.kind === "annotations") {
      for (let k = Math.max(0, this.taken - e.j); k < e.list.length; k++) {
        await doc.add(e.list[k]);
        this.taken = e.j + k + 1;
      }
    } else {
      if (!doc.started) await doc.start(nativeDocumentMetaSchema.parse(e.fields));
      await doc.finish();
      this.doc = null;
      this.ended = e.i + 1;
      this.begun = false;
      this.taken = 0;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The common plan: both formats become these, then go through one writer.

interface FilePerson {
  /** Key in the file (its id, or "" for an unknown W3C creator). */
  key: string;
  name: string;
  email?: string;
}

interface PlannedReply {
  id: string;
  body: WrittenNote;
  author: FilePerson;
  createdAt: Date;
  updatedAt: Date;
  /** The file gave no date (W3C): created and updated at the import time, so never newer than what is stored. */
  undated?: boolean;
}

interface PlannedVerdict {
  reviewer: FilePerson;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
  /** Set for a dispute the file says was resolved; open otherwise (then settled by the rules, see writeBatch). */
  resolved?: { at: Date; resolution: DisputeResolution };
  createdAt: Date;
  updatedAt: Date;
  /** The file gave no date (W3C): created and updated at the import time, so never newer than what is stored. */
  undated?: boolean;
}

interface PlannedRuling {
  classification: Classification;
  rationale: WrittenNote;
  by: FilePerson;
  createdAt: Date;
  at: Date;
  /** The file gave no date (W3C): dated at the import time, so never newer than what is stored. */
  undated?: boolean;
}

interface PlannedAnnotation {
  id: string;
  /** null: orphaned in the file (no place in its text). */
  start?: number | null;
  end?: number | null;
  quote: string;
  prefix?: string;
  suffix?: string;
  classification: Classification;
  note: WrittenNote;
  evidence: EvidenceDTO[];
  author: FilePerson;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** Accepted from a suggested claim (native files). */
  suggestion?: SuggestionOrigin | null;
  replies: PlannedReply[];
  verdicts: PlannedVerdict[];
  ruling?: PlannedRuling | null;
  /** How the file says it is anchored (native version 2); absent: placed as it was made ("exact"). */
  anchor?: {
    state: AnchorState;
    score?: number;
    previousQuote?: string;
    resolution?: { action: "confirmed" | "re-placed" | "left-orphaned"; by: FilePerson; at: string; note?: string };
  };
  /** Only carries replies, verdicts and a ruling for an annotation already stored here (W3C), not counted itself. */
  carrier?: boolean;
  /** The file gave no date (W3C): created and updated at the import time, so never newer than what is stored. */
  undated?: boolean;

  /** Its earlier states, oldest first (native files since the history was added). */
  revisions?: PlannedRevision[];
  /** Its earlier placements, in order, on the file's versions of the text. */
  placements?: PlannedPlacement[];
}

interface PlannedRevision {
  version: number;
  editor: FilePerson;
  createdAt: string;
  changed: string[];
  classification: Classification;
  note: WrittenNote;
  evidence: EvidenceDTO[];
}

type PlannedPlacement = Omit<NativePlacement, "resolution"> & {
  resolution?: Omit<NonNullable<NativePlacement["resolution"]>, "by"> & { by: FilePerson };
};

interface TargetDocument {
  id: string;
  title: string;
  index: CodePointIndex;
  /** The document's current version here (annotations are placed on it). */
  version: number;
  /** Placed on another version of the file's text: a quote found elsewhere is expected, not odd. */
  reanchor: boolean;
  /**
   * When this document's versions are the file's (created by this import with them, or by an earlier run
   * of it): each version's text, so that the file's earlier placements on them are kept where their quotes
   * are. Null otherwise: new annotations start their placement history here.
   */
  versionTexts: Map<number, CodePointIndex> | null;
}

interface PlaceholderRow {
  id: string;
  email: string;
  name: string;
}

const UNKNOWN_CREATOR: FilePerson = { key: "", name: UNKNOWN_CREATOR_NAME };
const UNKNOWN_CREATOR_ID = "imported-unknown-reviewer";

/** Maps file people to users: by id, else by email, else a new inactive placeholder account. */
class People {
  private readonly byKey = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  constructor(private readonly report: ImportReport) {}

  userId(p: FilePerson): string {
    const id = this.byKey.get(p.key);
    if (id === undefined) throw new Error(`person ${p.key} not resolved`);
    return id;
  }

  /** Resolves `people`, creating the placeholder accounts still missing (before the batch that names them). */
  async resolve(people: FilePerson[]): Promise<number> {
    const todo = new Map<string, FilePerson>();
    for (const p of people) if (!this.byKey.has(p.key) && !todo.has(p.key)) todo.set(p.key, p);
    if (todo.size === 0) return 0;
    const ids = [...todo.values()].map((p) => (p.key === "" ? UNKNOWN_CREATOR_ID : p.key));
    const candidates = [...todo.values()].map((p) => normalEmail(p.email)).filter((e): e is string => !!e && !this.byEmail.has(e));
    const found = await findExistingPeople(ids, [...new Set(candidates)]);
    for (const [email, id] of found.byEmail) this.byEmail.set(email, id);
    const placeholders: PlaceholderRow[] = [];
    for (const p of todo.values()) {
      const id = p.key === "" ? UNKNOWN_CREATOR_ID : p.key;
      if (found.ids.has(id)) {
        this.byKey.set(p.key, id);
        this.report.people.matched++;
        continue;
      }
      const email = normalEmail(p.email);
      const known = email ? this.byEmail.get(email) : undefined;
      if (known) {
        this.byKey.set(p.key, known);
        this.report.people.matched++;
        continue;
      }
      const row = { id, email: email ?? placeholderEmail(id), name: p.name.trim() || "Imported reviewer" };
      placeholders.push(row);
      this.byKey.set(p.key, id);
      this.byEmail.set(row.email, id);
      this.report.people.created++;
      if (!email) this.report.people.withoutAddress++;
    }
    await insertPlaceholders(placeholders.map((p) => ({ ...p, passwordHash: unusablePasswordHash() })));
    return placeholders.length;
  }
}

function normalEmail(email: string | undefined): string | undefined {
  const e = email?.trim().toLowerCase();
  return e && /^[^\s@]+@[^\s@]+$/.test(e) && e.length <= 320 ? e : undefined;
}

function pushCapped<T>(list: T[], item: T, report: ImportReport) {
  if (list.length < MAX_REPORTED_PROBLEMS) list.push(item);
  else if (list.length === MAX_REPORTED_PROBLEMS) report.warnings.push(`More than ${MAX_REPORTED_PROBLEMS} problems of one kind; the rest are not listed.`);
}

interface Writer {
  report: ImportReport;
  people: People;
  actorId: string | null;
}

type StoredAnnotation = StoredForImport;

const time = (stored: string) => new Date(stored).getTime();

/**
 * Writes one batch of a document's annotations (with evidence, replies and verdicts) in one
 * transaction, after reading what already exists with a few `IN` queries. Returns the ids of those
 * that are here after it (created, updated or unchanged).
 */
async function writeBatch(w: Writer, target: TargetDocument, batch: PlannedAnnotation[], seen: Set<string>): Promise<Set<string>> {
  const { report } = w;
  const stored = await findImportState({
    annotationIds: batch.map((a) => a.id),
    replyIds: batch.flatMap((a) => a.replies.map((r) => r.id)),
    verdictAnnotationIds: batch.filter((a) => a.verdicts.length).map((a) => a.id),
    rulingAnnotationIds: batch.filter((a) => a.ruling).map((a) => a.id),
  });
  const existing = stored.annotations;

  const unplaced = (a: PlannedAnnotation, reason: string) => {
    pushCapped(report.annotations.unplaced, { id: a.id, quote: a.quote, reason }, report);
    for (const r of a.replies) pushCapped(report.replies.skipped, { id: r.id, reason: "its annotation was not imported" }, report);
    for (const v of a.verdicts) {
      pushCapped(report.verdicts.skipped, { annotationId: a.id, reviewer: v.reviewer.key, reviewerName: v.reviewer.name, reason: "its annotation was not imported" }, report);
    }
  };

  // Every new annotation of the batch placed in one call (by quote and context, near the file's offsets),
  // but one the file says is orphaned on this very text: nothing changed since, it stays so (as a person
  // may have decided).
  const staysOrphaned = (a: PlannedAnnotation) => !target.reanchor && a.anchor?.state === "orphaned";
  const toPlace = batch.filter((a) => !a.carrier && !existing.has(a.id) && !staysOrphaned(a));
  const placements = new Map<PlannedAnnotation, Placement>();
  for (const a of batch) if (staysOrphaned(a)) placements.set(a, { state: "orphaned", start: null, end: null, quote: null, score: 0, previousQuote: a.quote });
  if (toPlace.length > 0) {
    const placed = reanchor({ text: target.index, annotations: toPlace });
    toPlace.forEach((a, i) => placements.set(a, placed[i]));
  }

  // each with the earlier placements of the file it keeps (`past`)
  const created: Array<{ a: PlannedAnnotation; start: number; end: number; quote: string; prefix: string; suffix: string; anchor: CarriedAnchor; past: PlannedPlacement[] }> = [];
  const updates: Array<{ planned: PlannedAnnotation; current: StoredAnnotation }> = [];
  const kept: PlannedAnnotation[] = []; // annotations that exist after this batch: their replies and verdicts follow
  const people: FilePerson[] = [];
  for (const a of batch) {
    if (seen.has(a.id)) {
      unplaced(a, "the same annotation id appears twice in the file");
      continue;
    }
    seen.add(a.id);
    const current = existing.get(a.id);
    if (current) {
      if (current.documentId !== target.id) {
        unplaced(a, `the id is already used by an annotation on another document here (${current.documentId})`);
        continue;
      }
      if (current.deleted) {
        unplaced(a, "this annotation was deleted here; an admin can restore it, then import again");
        continue;
      }
      // The newer version wins; on a tie the stored one stays, so the same file twice changes nothing.
      if (a.carrier) {
        // only brings replies and verdicts
      } else if (!a.undated && a.updatedAt.getTime() > time(current.updatedAt)) updates.push({ planned: a, current });
      else report.annotations.unchanged++;
      kept.push(a);
      continue;
    }
    let placed = placements.get(a)!;
    const span = placed.state === "orphaned" ? null : validateSpan(target.index, placed.start, placed.end);
    if (span && !span.ok) placed = { state: "orphaned", start: null, end: null, quote: null, score: 0, previousQuote: a.quote };
    // The file's decision (byId is filled in by withResolution once the people are known); the anchoring
    // rules keep it only for an annotation that stays orphaned, as a new version does.
    const prior = { state: a.anchor?.state ?? "exact", quote: a.quote, detail: a.anchor ? fileDetail(a.anchor, () => "") : null };
    // On the file's own text, placed where the file says (or orphaned, as it says), the file's anchor stands
    // whole: its state and a person's decision. Elsewhere it is carried as a new version carries it.
    const asInFile = !target.reanchor && (prior.state === "orphaned" || (placed.state === "exact" && placed.start === a.start && placed.end === a.end));
    const anchor = asInFile ? { state: prior.state, detail: prior.detail } : carryAnchor(prior, placed);
    if (anchor.state === "orphaned" && prior.state !== "orphaned") {
      // placed in the file, nowhere here: reported, not imported
      report.annotations.anchoring.orphaned++;
      unplaced(
        a,
        span && !span.ok
          ? span.message
          : target.reanchor
            ? `the quote is not in this installation's text of “${target.title}” (nothing close enough with agreeing context)`
            : "the quote is not in the document's text (nothing close enough with agreeing context)",
      );
      continue;
    }
    report.annotations.anchoring[anchor.state]++;
    if (a.anchor?.resolution) people.push(a.anchor.resolution.by);
    people.push(a.author);
    for (const r of a.revisions ?? []) people.push(r.editor);
    const past = keptPlacements(a, target);
    if (target.versionTexts && past.length < (a.placements?.length ?? 0)) {
      pushCapped(
        report.warnings,
        `Annotation ${a.id}: ${(a.placements?.length ?? 0) - past.length} of its earlier placements were left out (on a version of the text the file does not have, or their quotes are not at their offsets in it).`,
        report,
      );
    }
    for (const p of past) if (p.resolution) people.push(p.resolution.by);
    report.annotations.created++;
    kept.push(a);
    if (anchor.state === "orphaned" || !span?.ok) {
      // orphaned in the file and still here: kept as orphaned, with its quote and context, and the offsets
      // of its last placement as the app keeps them (they order the orphaned annotations), else none
      const last = past.findLast((p) => p.start !== null);
      created.push({ a, start: last?.start ?? 0, end: last?.end ?? 0, quote: a.quote, prefix: a.prefix ?? "", suffix: a.suffix ?? "", anchor, past });
      continue;
    }
    if (anchor.state === "fuzzy") {
      pushCapped(report.annotations.fuzzy, { id: a.id, documentId: target.id, quote: span.quote, previousQuote: anchor.detail?.previousQuote ?? a.quote, score: anchor.detail?.score ?? placed.score }, report);
    }
    if (typeof a.start === "number" && (placed.start !== a.start || placed.end !== a.end)) report.annotations.replaced++;
    created.push({ a, start: placed.start!, end: placed.end!, quote: span.quote, prefix: span.prefix, suffix: span.suffix, anchor, past });
  }
  report.annotations.updated += updates.length;

  // Replies and verdicts of the annotations that exist after this batch (read with the annotations above).
  const repliesById = stored.replies;
  const verdictsByKey = stored.verdicts;
  for (const a of kept) for (const r of a.replies) people.push(r.author);
  for (const a of kept) for (const v of a.verdicts) people.push(v.reviewer);
  for (const a of kept) if (a.ruling) people.push(a.ruling.by);
  await w.people.resolve(people);

  const replyCreates: Array<{ r: PlannedReply; annotationId: string }> = [];
  const replyUpdates: PlannedReply[] = [];
  const seenReplies = new Set<string>();
  for (const a of kept) {
    for (const r of a.replies) {
      if (seenReplies.has(r.id)) {
        pushCapped(report.replies.skipped, { id: r.id, reason: "the same reply id appears twice in the file" }, report);
        continue;
      }
      seenReplies.add(r.id);
      const current = repliesById.get(r.id);
      if (!current) {
        replyCreates.push({ r, annotationId: a.id });
        report.replies.created++;
      } else if (current.annotationId !== a.id) {
        pushCapped(report.replies.skipped, { id: r.id, reason: `the id is already used by a reply to another annotation here (${current.annotationId})` }, report);
      } else if (current.deleted) {
        pushCapped(report.replies.skipped, { id: r.id, reason: "this reply was deleted here" }, report);
      } else if (!r.undated && r.updatedAt.getTime() > time(current.updatedAt)) {
        replyUpdates.push(r);
        report.replies.updated++;
      } else report.replies.unchanged++;
    }
  }

  // Whose annotation: the stored author (an import never changes it), else the file's, resolved above.
  const authorOf = (a: PlannedAnnotation) => existing.get(a.id)?.authorId ?? w.people.userId(a.author);

  const verdictCreates: Array<{ v: PlannedVerdict; annotationId: string; reviewerId: string }> = [];
  const verdictUpdates: Array<{ v: PlannedVerdict; id: string }> = [];
  for (const a of kept) {
    const inFile = new Set<string>();
    for (const v of a.verdicts) {
      const reviewerId = w.people.userId(v.reviewer);
      const key = `${a.id}\u0000${reviewerId}`;
      // A creator the file does not name is one "Unknown reviewer" here: said so, not taken for one person.
      const unnamed = v.reviewer.key === UNKNOWN_CREATOR.key;
      if (inFile.has(key)) {
        const reason = unnamed ? `a second verdict on it whose creator the file does not name (“${UNKNOWN_CREATOR_NAME}” holds one)` : "a second verdict by the same reviewer";
        pushCapped(report.verdicts.skipped, { annotationId: a.id, reviewer: v.reviewer.key, reviewerName: v.reviewer.name, reason }, report);
        continue;
      }
      // As in the app (lib/annotations/discussion.ts): nobody judges their own annotation.
      if (reviewerId === authorOf(a)) {
        const reason = unnamed ? `the file names no creator for the verdict nor for its annotation: both would be “${UNKNOWN_CREATOR_NAME}”, who cannot judge their own annotation` : "a verdict by the annotation's own author";
        pushCapped(report.verdicts.skipped, { annotationId: a.id, reviewer: v.reviewer.key, reviewerName: v.reviewer.name, reason }, report);
        continue;
      }
      inFile.add(key);
      const current = verdictsByKey.get(key);
      if (!current) {
        verdictCreates.push({ v, annotationId: a.id, reviewerId });
        report.verdicts.created++;
      } else if (!v.undated && v.updatedAt.getTime() > time(current.updatedAt)) {
        verdictUpdates.push({ v, id: current.id });
        report.verdicts.updated++;
      } else report.verdicts.unchanged++;
    }
  }

  // Rulings: the newer one wins, as for annotations; a file never withdraws a ruling stored here.
  const rulingWrites: ImportBatch["rulings"] = [];
  for (const a of kept) {
    if (!a.ruling) continue;
    const editorId = w.people.userId(a.ruling.by);
    // As in the app (lib/annotations/rulings.ts): nobody rules on their own annotation.
    if (editorId === authorOf(a)) {
      pushCapped(report.rulings.skipped, { annotationId: a.id, editor: a.ruling.by.key, editorName: a.ruling.by.name, reason: "a ruling by the annotation's own author" }, report);
      continue;
    }
    const current = stored.rulings.get(a.id);
    if (current && (a.ruling.undated || a.ruling.at.getTime() <= time(current.updatedAt))) {
      report.rulings.unchanged++;
      continue;
    }
    if (current) report.rulings.updated++;
    else report.rulings.created++;
    rulingWrites.push({
      annotationId: a.id,
      editorId,
      classification: a.ruling.classification,
      rationale: a.ruling.rationale.json,
      rationaleText: a.ruling.rationale.text,
      createdAt: current ? null : a.ruling.createdAt,
      updatedAt: a.ruling.at,
    });
  }

  const changes =
    created.length + updates.length + replyCreates.length + replyUpdates.length + verdictCreates.length + verdictUpdates.length + rulingWrites.length;
  const here = new Set(kept.map((a) => a.id));
  if (changes === 0) return here;
  // The stored state of each annotation the file replaces, kept as a revision like an edit in the app.
  const oldEvidence = updates.length ? await findEvidenceOf(updates.map((u) => u.current.id)) : new Map<string, EvidenceDTO[]>();
  const plan: ImportBatch = {
    documentId: target.id,
    annotations: created.map((c) => ({
      id: c.a.id,
      authorId: w.people.userId(c.a.author),
      start: c.start,
      end: c.end,
      quote: c.quote,
      prefix: c.prefix,
      suffix: c.suffix,
      classification: c.a.classification,
      note: c.a.note.json,
      noteText: c.a.note.text,
      evidence: c.a.evidence,
      version: c.a.version,
      suggestionKind: c.a.suggestion?.kind ?? null,
      suggestionReason: c.a.suggestion?.reason ?? null,
      createdAt: c.a.createdAt,
      updatedAt: c.a.updatedAt,
      anchorState: c.anchor.state,
      anchorVersion: target.version,
      anchorDetail: withResolution(c.anchor, c.a, w.people),
    })),
    updates: updates.map(({ planned, current }) => {
      const before = oldEvidence.get(current.id) ?? [];
      return {
        current,
        previousEvidence: before,
        changed: [
          planned.classification !== current.classification && "classification",
          planned.note.json !== current.note && "note",
          JSON.stringify(planned.evidence) !== JSON.stringify(before) && "evidence",
        ].filter((f): f is string => !!f),
        classification: planned.classification,
        note: planned.note.json,
        noteText: planned.note.text,
        evidence: planned.evidence,
        version: Math.max(planned.version, current.version + 1),
        updatedAt: planned.updatedAt,
      };
    }),
    replies: replyCreates.map(({ r, annotationId }) => ({
      id: r.id,
      annotationId,
      authorId: w.people.userId(r.author),
      body: r.body.json,
      bodyText: r.body.text,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    replyUpdates: replyUpdates.map((r) => ({ id: r.id, body: r.body.json, bodyText: r.body.text, updatedAt: r.updatedAt })),
    verdicts: verdictCreates.map(({ v, annotationId, reviewerId }) => ({
      annotationId,
      reviewerId,
      verdict: v.verdict,
      proposedClass: v.proposedClass,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
      resolvedAt: v.resolved?.at ?? null,
      resolution: v.resolved?.resolution ?? null,
    })),
    verdictUpdates: verdictUpdates.map(({ v, id }) => ({
      id,
      verdict: v.verdict,
      proposedClass: v.proposedClass,
      updatedAt: v.updatedAt,
      resolvedAt: v.resolved?.at ?? null,
      resolution: v.resolved?.resolution ?? null,
    })),
    rulings: rulingWrites,
    // The rules of the app hold after an import too: no open dispute proposes its annotation's class,
    // and a ruled annotation has no open dispute. A new annotation's only verdicts are the file's, so it
    // is looked at only when the file gives it an open dispute.
    settle: kept.filter((a) => (existing.has(a.id) ? !a.carrier || a.verdicts.length > 0 : a.verdicts.some((v) => v.verdict === "dispute" && !v.resolved))).map((a) => a.id),
    // A new annotation's history comes with it: its revisions, and its earlier placements when this
    // document's versions are the file's (an annotation joining a document here starts its placements here).
    history: created.map(({ a, past }) => ({
      annotationId: a.id,
      revisions: (a.revisions ?? []).map((r) => ({
        version: r.version,
        editorId: w.people.userId(r.editor),
        createdAt: r.createdAt,
        changed: r.changed,
        classification: r.classification,
        note: r.note.json,
        noteText: r.note.text,
        evidence: r.evidence,
      })),
      placements: past.map((p) => ({
        version: p.version,
        start: p.start ?? 0,
        end: p.end ?? 0,
        quote: p.quote,
        prefix: p.prefix,
        suffix: p.suffix,
        state: p.state,
        detail: fileDetail(p, (by) => w.people.userId(by)),
        supersededAt: p.supersededAt,
      })),
    })),
  };
  // Moves the document's activity stamp too, which tells the summary caches to recompute. New annotations
  // were placed on the document's current text: refused if a new version came meanwhile (run it again).
  // Last, as a create does: one UPDATE of the Document row (on SQLite it rewrites the whole row, text
  // included), which on PostgreSQL holds the row only for the commit.
  try {
    await write(async (tx) => {
      await writeImportBatch(tx, plan);
      if (created.length > 0) await assertVersion(tx, target.id, target.version, storedTime());
      else await touchDocument(tx, target.id, storedTime());
    });
  } catch (error) {
    if (error instanceof StaleVersion) {
      throw new AppError("CONFLICT", `“${target.title}” got a new version during the import; import the file again (nothing is imported twice).`);
    }
    throw error;
  }
  return here;
}

/**
 * The file's earlier placements of a new annotation that are kept: all of them on a document this import
 * created with the file's versions, none otherwise. One on a version the file does not have, or past the
 * end of that version's text, is left out with a warning.
 */
function keptPlacements(a: PlannedAnnotation, target: TargetDocument): PlannedPlacement[] {
  const texts = target.versionTexts;
  if (!texts || !a.placements) return [];
  return a.placements.filter((p) => {
    const text = texts.get(p.version);
    return text !== undefined && (p.start === null || p.end === null || (p.end <= text.length && text.slice(p.start, p.end) === p.quote));
  });
}

/** What the file says of a placement beside its state (an anchor's or an earlier placement's), as stored: only the fields it has; null when none. */
function fileDetail(
  d: { score?: number; previousQuote?: string; resolution?: { action: AnchorResolutionDTO["action"]; by: FilePerson; at: string; note?: string } },
  userId: (p: FilePerson) => string,
): AnchorDetail | null {
  const detail: AnchorDetail = {};
  if (d.score !== undefined) detail.score = d.score;
  if (d.previousQuote !== undefined) detail.previousQuote = d.previousQuote;
  if (d.resolution) {
    const r = d.resolution;
    detail.resolution = { action: r.action, byId: userId(r.by), at: r.at, ...(r.note !== undefined ? { note: r.note } : {}) };
  }
  return Object.keys(detail).length ? detail : null;
}

/** A placement left orphaned here by a person in the file stays so, with who did it (mapped to a person here). */
function withResolution(anchor: CarriedAnchor, a: PlannedAnnotation, people: People): AnchorDetail | null {
  const r = a.anchor?.resolution;
  if (!anchor.detail?.resolution || !r) return anchor.detail;
  return { ...anchor.detail, resolution: { action: r.action, byId: people.userId(r.by), at: r.at, ...(r.note ? { note: r.note } : {}) } };
}

async function writeAnnotations(w: Writer, target: TargetDocument, annotations: PlannedAnnotation[], seen: Set<string>) {
  for (let i = 0; i < annotations.length; i += IMPORT_BATCH) {
    await writeBatch(w, target, annotations.slice(i, i + IMPORT_BATCH), seen);
  }
}

// ---------------------------------------------------------------------------------------------
// Native files

/**
 * Where a file's document goes: the stored document with the same text (hash); else, as another
 * version of that text, the live document with the same id, or the only live one with the same
 * title (annotations are then placed by quote on the stored text); else a new document (its id kept
 * when free).
 */
async function resolveNativeDocument(w: Writer, doc: NativeDocumentMeta): Promise<TargetDocument | null> {
  const { report } = w;
  const entry: ImportedDocument = { id: null, fileId: doc.id, title: doc.title, status: "matched" };
  report.documents.list.push(entry);
  const extracted = extractText({ text: doc.text, format: "text", stored: true });
  if (!extracted.ok) {
    entry.status = "refused";
    entry.reason = extracted.message;
    report.documents.refused++;
    return null;
  }
  const text = extracted.text;
  const hash = sha256Hex(text);
  if (hash !== doc.textSha256) {
    report.warnings.push(`Document “${doc.title}” (${doc.id}): textSha256 does not match its text; the text's own hash was used.`);
  }
  const match = async (where: Parameters<typeof findLiveDocumentsBy>[0], by: "text" | "id" | "title") => {
    const rows = await findLiveDocumentsBy(where);
    return rows.length === 1 ? { row: rows[0], by } : null;
  };
  const found = (await match({ textHash: hash }, "text")) ?? (await match({ id: doc.id }, "id")) ?? (await match({ title: doc.title }, "title"));
  if (found) {
    report.documents.matched++;
    Object.assign(entry, { id: found.row.id, matchedBy: found.by, title: found.row.title });
    if (found.by !== "text") entry.reanchored = true;
    const index = new CodePointIndex(found.row.text);
    const versionTexts = found.by === "text" ? await sameVersions(doc, found.row.id, found.row.version, index) : null;
    return { id: found.row.id, title: found.row.title, index, version: found.row.version, reanchor: found.by !== "text", versionTexts };
  }
  const taken = await isDocumentIdTaken(doc.id);
  const metadata = importedMetadataSchema.parse(nativeMetadata(doc)); // checked in interpretImport
  const history = await fileHistory(w, doc);
  const created = await createDocument({
    text,
    metadata,
    structure: fileStructure(w, doc, text),
    createdById: w.actorId,
    id: taken ? undefined : doc.id,
    createdAt: doc.createdAt,
    history: history ?? undefined,
  });
  entry.status = "created";
  entry.id = created.id;
  report.documents.created++;
  const index = new CodePointIndex(text);
  const versionTexts = history && new Map([...history.earlier.map((v) => [v.number, new CodePointIndex(v.text)] as const), [created.version, index] as const]);
  return { id: created.id, title: created.title, index, version: created.version, reanchor: false, versionTexts };
}

/**
 * The texts of a stored document's versions when they are the file's (the same numbers and texts: an
 * earlier run of this import created it, then stopped), else null.
 */
async function sameVersions(doc: NativeDocumentMeta, id: string, current: number, index: CodePointIndex): Promise<Map<number, CodePointIndex> | null> {
  const versions = doc.versions;
  if (!versions || versions.at(-1)!.version !== current) return null;
  const stored = await findVersions(id);
  if (stored.length !== versions.length) return null;
  const hashes = new Map(stored.map((v) => [v.number, v.textHash]));
  const texts = new Map<number, CodePointIndex>([[current, index]]);
  for (const v of versions.slice(0, -1)) {
    const text = extractText({ text: v.text!, format: "text", stored: true });
    if (!text.ok || hashes.get(v.version) !== sha256Hex(text.text)) return null;
    texts.set(v.version, new CodePointIndex(text.text));
  }
  return texts;
}

/**
 * The file's versions of a document's text, for the document this import creates: the earlier ones
 * (normalised as the current text is) and what the file says of the current one, with the people who
 * added them resolved. Null when the file has none (it predates them) or when an earlier text cannot be
 * stored (a warning says so; the document is created with its current text as version 1).
 */
async function fileHistory(w: Writer, doc: NativeDocumentMeta): Promise<{ earlier: EarlierVersion[]; current: VersionInfo } | null> {
  const versions = doc.versions;
  if (!versions) return null;
  await w.people.resolve(versions.flatMap((v) => (v.addedBy ? [person(v.addedBy)] : [])));
  const info = (v: (typeof versions)[number]): VersionInfo => ({
    number: v.version,
    format: v.format,
    note: v.note,
    addedById: v.addedBy ? w.people.userId(person(v.addedBy)) : null,
    createdAt: v.createdAt,
  });
  const earlier: EarlierVersion[] = [];
  for (const v of versions.slice(0, -1)) {
    const extracted = extractText({ text: v.text!, format: "text", stored: true }); // the format says every earlier version has its text
    if (!extracted.ok) {
      w.report.warnings.push(`Document “${doc.title}” (${doc.id}): its version ${v.version} could not be stored (${extracted.message}); its earlier versions were left out.`);
      return null;
    }
    // the structure's offsets are into the file's text: kept only when normalising changed nothing
    const structure = v.structure !== undefined && extracted.text === v.text && structureProblems(v.structure, cpLength(v.text)).length === 0 ? v.structure : undefined;
    if (v.structure !== undefined && structure === undefined) {
      w.report.warnings.push(`Document “${doc.title}” (${doc.id}): the structure of its version ${v.version} was left out; the structure of that text read as plain text was stored instead.`);
    }
    if (sha256Hex(extracted.text) !== v.textSha256) {
      w.report.warnings.push(`Document “${doc.title}” (${doc.id}): the textSha256 of its version ${v.version} does not match that version's text; the text's own hash was used.`);
    }
    earlier.push({ ...info(v), text: extracted.text, structure });
  }
  return { earlier, current: info(versions.at(-1)!) };
}

/**
 * The file's structure of a document's text when it fits the text stored (structureProblems), else
 * undefined (the structure of the text read as plain text is stored), with a warning when the file had one.
 */
function fileStructure(w: Writer, doc: NativeDocumentMeta, text: string): DocumentStructure | undefined {
  if (doc.structure === undefined) return undefined;
  const problems =
    text === doc.text
      ? structureProblems(doc.structure, cpLength(text))
      : ["its offsets are into the file's text, whose line endings were normalised on import"];
  if (problems.length === 0) return doc.structure;
  w.report.warnings.push(
    `Document “${doc.title}” (${doc.id}): its structure was left out (${problems.slice(0, 3).join("; ")}); the structure of its text read as plain text was stored instead.`,
  );
  return undefined;
}

function nativeMetadata(doc: NativeDocumentMeta) {
  return { title: doc.title, kind: doc.kind, publisher: doc.publisher, author: doc.author, publishedAt: doc.publishedAt, sourceUrl: doc.sourceUrl };
}

const person = (p: { id: string; name: string; email?: string }): FilePerson => ({ key: p.id, name: p.name, email: p.email });

function planNative(a: ReadAnnotation): PlannedAnnotation {
  return {
    id: a.id,
    start: a.start,
    end: a.end,
    quote: a.quote,
    prefix: a.prefix,
    suffix: a.suffix,
    classification: a.classification,
    note: a.note,
    evidence: a.evidence,
    author: person(a.author),
    createdAt: new Date(a.createdAt),
    updatedAt: new Date(a.updatedAt),
    version: a.version,
    suggestion: a.suggestion ?? null,
    anchor: a.anchor && {
      state: a.anchor.state,
      score: a.anchor.score,
      previousQuote: a.anchor.previousQuote,
      resolution: a.anchor.resolution && { ...a.anchor.resolution, by: person(a.anchor.resolution.by) },
    },
    replies: a.replies.map((r) => ({ id: r.id, body: r.body, author: person(r.author), createdAt: new Date(r.createdAt), updatedAt: new Date(r.updatedAt) })),
    verdicts: a.verdicts.map((v) => ({
      reviewer: person(v.reviewer),
      verdict: v.verdict,
      proposedClass: v.proposedClass,
      // checked by the format: a resolved verdict is a dispute with resolvedAt and resolution
      resolved: v.status === "resolved" ? { at: new Date(v.resolvedAt!), resolution: v.resolution! } : undefined,
      createdAt: new Date(v.createdAt),
      updatedAt: new Date(v.updatedAt),
    })),
    ruling: a.ruling
      ? { classification: a.ruling.classification, rationale: a.ruling.rationale, by: person(a.ruling.by), createdAt: new Date(a.ruling.createdAt), at: new Date(a.ruling.at) }
      : null,
    revisions: a.revisions?.map((r) => ({ ...r, editor: person(r.editor) })),
    placements: a.placements?.map((p) => ({ ...p, resolution: p.resolution && { ...p.resolution, by: person(p.resolution.by) } })),
  };
}

/** One document of a native file: placed (resolveNativeDocument), then its annotations written in batches as they are added. */
class DocumentImport {
  /** undefined until started; null when the document could not be stored. */
  private target: TargetDocument | null | undefined;
  private title = "";
  private pending: PlannedAnnotation[] = [];

  constructor(
    private readonly w: Writer,
    private readonly seen: Set<string>,
  ) {}

  get started() {
    return this.target !== undefined;
  }

  async start(doc: NativeDocumentMeta) {
    this.title = doc.title;
    this.target = await resolveNativeDocument(this.w, doc);
    await this.flush();
  }

  /** Kept until the document is started, then written IMPORT_BATCH at a time. */
  async add(a: ReadAnnotation) {
    this.pending.push(planNative(a));
    if (this.started && this.pending.length >= IMPORT_BATCH) await this.flush();
  }

  async finish() {
    await this.flush();
  }

  private async flush() {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0 || this.target === undefined) {
      this.pending = batch;
      return;
    }
    if (this.target) return writeAnnotations(this.w, this.target, batch, this.seen);
    const reason = `its document “${this.title}” could not be stored`;
    for (const a of batch) pushCapped(this.w.report.annotations.unplaced, { id: a.id, quote: a.quote, reason }, this.w.report);
  }
}

/** A native file read whole (one with a key twice: the last one counts, as JSON.parse reads it). */
async function importNative(w: Writer, data: NativeExport) {
  const seen = new Set<string>();
  for (const doc of data.documents) {
    const d = new DocumentImport(w, seen);
    await d.start(doc);
    for (const a of doc.annotations) await d.add(readAnnotation(a));
    await d.finish();
  }
}

// ---------------------------------------------------------------------------------------------
// W3C files (no text: documents must be here already, named by the last segment of target.source)

/**
 * The person behind a W3C item: its creator's id, or, for a creator with a name but no id (another
 * tool's export), one placeholder per name, keyed by a hash of it so that importing again finds the
 * same account; a creator with neither is the one "Unknown reviewer".
 */
function creator(item: { creatorId?: string; creatorName?: string }): FilePerson {
  // A creator named only by an IRI (Hypothesis' acct:rosa@hypothes.is) is known by its id: several such are told apart.
  if (item.creatorId) return { key: item.creatorId, name: item.creatorName?.trim() || item.creatorId };
  const name = item.creatorName?.trim();
  if (!name) return UNKNOWN_CREATOR;
  return { key: `imported-creator-${crypto.createHash("sha256").update(name).digest("hex").slice(0, 24)}`, name };
}

/**
 * The writing pass over a checked W3C file: each item read (the problems said in the report, in the
 * file's order) and written as it comes. A file none of whose items can be read is refused (422) at
 * the end, having written nothing: nothing was read to write.
 */
async function importW3c(w: Writer, source: W3cSource) {
  const { report } = w;
  for (const error of source.structure) pushCapped(report.warnings, error, report);
  const errors: string[] = [];
  let count = source.structure.length;
  let read = 0;
  const writer = new W3cWriter(w, new Date());
  // The file was checked: an item that cannot be stored now means it changed since (nothing is written from it).
  const values = source.values((problem) => {
    throw problem;
  });
  let index = 0;
  for await (const value of values) {
    const item = readItem(value, index++, errors);
    if (item) {
      read++;
      await writer.add(item);
    }
    count += errors.length;
    for (const error of errors.splice(0)) pushCapped(report.warnings, error, report);
  }
  if (read === 0) throw nothingToImport(source.total, count, report.warnings);
  await writer.finish();
  report.items = { total: source.total, skipped: source.total - read };
}

function readItem(value: unknown, index: number, errors: string[]): W3cRead | null {
  try {
    return readW3cItem(value, index, errors);
  } catch (error) {
    if (error instanceof RangeError) throw new AppError("UNPROCESSABLE", "The file is nested too deeply to be W3C Web Annotation JSON.");
    throw error;
  }
}

/**
 * A W3C file with nothing to import is refused (422), like one with nothing readable: an empty
 * collection or page is well-formed, but importing it would only record an import of nothing.
 */
function nothingToImport(total: number, count: number, errors: string[]): AppError {
  if (count === 0) return new AppError("UNPROCESSABLE", "The file holds no annotations, replies, verdicts or rulings (an empty W3C collection or page); nothing was imported.");
  const more = count > 3 ? moreProblems(count - 3) : "";
  const items = total === 1 ? "its one item" : total > 1 ? `any of its ${total.toLocaleString("en")} items` : "it";
  return new AppError("UNPROCESSABLE", `No annotation could be read from the file (from ${items}); nothing was imported: ${errors.slice(0, 3).join("; ")}${more}`, {
    errors: errors.slice(0, MAX_REPORTED_PROBLEMS),
  });
}

/**
 * The checking pass over a W3C file, an item at a time: refuses it as a file read whole is refused
 * (JSON, then what cannot be stored (400), then not W3C: `assertShape`), so that a refused file
 * changes nothing. What each item says is read once, by the writing pass.
 */
async function checkW3c(source: W3cSource, assertShape: () => void) {
  let unstorable = source.unstorable;
  for await (const value of source.values((problem) => (unstorable ??= problem))) void value;
  if (unstorable) throw unstorable;
  assertShape();
}

/** A document a W3C file's annotations name (by the end of their target's source IRI). */
interface W3cDocument {
  /** Its id here; null when no live document has it. */
  id: string | null;
  title: string;
  /** The first target source IRI that named it. */
  source: string;
  /** Its annotations read and not yet written. */
  pending: PlannedAnnotation[];
}

/** Replies, verdicts and a ruling waiting for their annotation. */
interface Held {
  replies: PlannedReply[];
  verdicts: PlannedVerdict[];
  ruling?: PlannedRuling | null;
}

/** Of two rulings of one annotation in a file, the one set last (the first of two set at once; a dated one before an undated one). */
function laterRuling(kept: PlannedRuling | null | undefined, next: PlannedRuling): PlannedRuling {
  if (!kept) return next;
  if (!kept.undated !== !next.undated) return kept.undated ? next : kept;
  return kept.at.getTime() >= next.at.getTime() ? kept : next;
}

const hold = (map: Map<string, Held>, id: string): Held => {
  let held = map.get(id);
  if (!held) map.set(id, (held = { replies: [], verdicts: [] }));
  return held;
};

/** Annotations of a W3C file held before some are written (their documents' texts are loaded to place them). */
const MAX_PENDING = 4 * IMPORT_BATCH;
/** Documents whose text (for placing) is kept between batches. */
const LOADED_DOCUMENTS = 8;

/**
 * Writes a W3C file's items as they come: each annotation with the replies, verdicts and ruling that follow
 * it (they come after it in an export), a document's annotations IMPORT_BATCH at a time; replies, verdicts
 * and rulings whose annotation comes later wait for it, those whose annotation was written already follow
 * it as carriers, and those whose annotation is not in the file go to the one already here, if any.
 */
class W3cWriter {
  private readonly documents = new Map<string, W3cDocument>();
  /** Texts of the last documents written to, by id here. */
  private readonly loaded = new Map<string, TargetDocument>();
  private pendingCount = 0;
  /** Annotations read and not yet written, by id: a reply or verdict that comes joins its annotation. */
  private readonly pending = new Map<string, PlannedAnnotation>();
  /** Annotations of the file written or left out: whether each is here now. */
  private readonly done = new Map<string, boolean>();
  /** Replies, verdicts and rulings whose annotation has not come (yet). */
  private readonly waiting = new Map<string, Held>();
  /** Replies, verdicts and rulings whose annotation was written before they came. */
  private late = new Map<string, Held>();
  private lateCount = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly w: Writer,
    private readonly now: Date,
  ) {}

  private time = (value: string | undefined, fallback: Date) => (value ? new Date(value) : fallback);
  // An item without dates is dated by this import: the same file again must not count it as newer.
  private undated = (item: { created?: string; modified?: string }) => item.created === undefined && item.modified === undefined;

  async add(read: W3cRead) {
    if (read.kind === "annotation") return this.annotation(read.value);
    const item = read.value;
    const created = this.time(item.created ?? item.modified, this.now);
    const dates = { createdAt: created, updatedAt: this.time(item.modified, created), undated: this.undated(item) };
    const id = item.annotationId;
    const planned = this.pending.get(id);
    const stored = this.done.get(id);
    const to = planned ?? (stored === undefined ? hold(this.waiting, id) : stored ? hold(this.late, id) : null);
    if (read.kind === "reply") {
      const r = read.value;
      const reply: PlannedReply = { id: r.id, body: writtenNote(r.body), author: creator(r), ...dates };
      if (to) to.replies.push(reply);
      else pushCapped(this.w.report.replies.skipped, { id: r.id, reason: "its annotation was not imported" }, this.w.report);
    } else if (read.kind === "verdict") {
      const v = read.value;
      const verdict: PlannedVerdict = { reviewer: creator(v), verdict: v.verdict, proposedClass: v.proposedClass, ...dates };
      if (to) to.verdicts.push(verdict);
      else {
        pushCapped(this.w.report.verdicts.skipped, { annotationId: id, reviewer: verdict.reviewer.key, reviewerName: verdict.reviewer.name, reason: "its annotation was not imported" }, this.w.report);
      }
    } else {
      const r = read.value;
      const ruling: PlannedRuling = { classification: r.classification, rationale: writtenNote(r.rationale), by: creator(r), createdAt: dates.createdAt, at: dates.updatedAt, undated: dates.undated };
      if (to) to.ruling = laterRuling(to.ruling, ruling);
      else skipRuling(this.w.report, id, ruling, "its annotation was not imported");
    }
    if (!planned && stored && ++this.lateCount >= IMPORT_BATCH) await this.writeLate();
  }

  private async annotation(a: W3cImportedAnnotation) {
    const { report } = this.w;
    const key = idFromIri(a.documentIri);
    const doc = this.documents.get(key) ?? (await this.open(key, a.documentIri));
    const created = this.time(a.created ?? a.modified, this.now);
    const held = this.waiting.get(a.id);
    this.waiting.delete(a.id);
    const planned: PlannedAnnotation = {
      id: a.id,
      start: a.start,
      end: a.end,
      quote: a.exact,
      prefix: a.prefix,
      suffix: a.suffix,
      classification: a.classification,
      note: writtenNote(a.note),
      evidence: a.evidence,
      author: creator(a),
      createdAt: created,
      updatedAt: this.time(a.modified, created),
      undated: this.undated(a),
      version: 1,
      replies: held?.replies ?? [],
      verdicts: held?.verdicts ?? [],
      ruling: held?.ruling ?? null,
    };
    if (doc.id === null) {
      pushCapped(report.annotations.unplaced, { id: a.id, quote: a.exact, reason: `its document ${doc.source} is not in this installation (a W3C file carries no text)` }, report);
      for (const r of planned.replies) pushCapped(report.replies.skipped, { id: r.id, reason: "its annotation was not imported" }, report);
      for (const v of planned.verdicts) {
        pushCapped(report.verdicts.skipped, { annotationId: a.id, reviewer: v.reviewer.key, reviewerName: v.reviewer.name, reason: "its annotation was not imported" }, report);
      }
      if (planned.ruling) skipRuling(report, a.id, planned.ruling, "its annotation was not imported");
      if (!this.pending.has(a.id) && !this.done.has(a.id)) this.done.set(a.id, false);
      return;
    }
    // A document's batch is written when its next annotation comes: the replies and verdicts after the last one have come by then.
    if (doc.pending.length >= IMPORT_BATCH) await this.write(doc);
    doc.pending.push(planned);
    this.pendingCount++;
    if (!this.pending.has(a.id) && !this.done.has(a.id)) this.pending.set(a.id, planned);
    if (this.pendingCount > MAX_PENDING) {
      let largest = doc;
      for (const d of this.documents.values()) if (d.pending.length > largest.pending.length) largest = d;
      await this.write(largest);
    }
  }

  /** The first annotation on a document: found here by id, or the document is refused (reported once). */
  private async open(key: string, source: string): Promise<W3cDocument> {
    const { report } = this.w;
    const found = await this.load(key);
    const doc: W3cDocument = { id: found?.id ?? null, title: found?.title ?? key, source, pending: [] };
    this.documents.set(key, doc);
    if (found) {
      report.documents.matched++;
      report.documents.list.push({ id: found.id, fileId: key, title: found.title, status: "matched", matchedBy: "id" });
    } else {
      report.documents.refused++;
      report.documents.list.push({
        id: null,
        fileId: key,
        title: key,
        status: "refused",
        reason: `no live document here has the id “${key}” (the end of its target source ${source}); a W3C file carries no text: add the document, or give its annotations that document's IRI as their source, and import again`,
      });
    }
    return doc;
  }

  private async load(id: string): Promise<TargetDocument | null> {
    const kept = this.loaded.get(id);
    if (kept) return kept;
    const doc = (await findLiveDocumentsBy({ id }))[0];
    if (!doc) return null;
    if (this.loaded.size >= LOADED_DOCUMENTS) this.loaded.delete(this.loaded.keys().next().value!);
    const target: TargetDocument = { id: doc.id, title: doc.title, index: new CodePointIndex(doc.text), version: doc.version, reanchor: false, versionTexts: null };
    this.loaded.set(id, target);
    return target;
  }

  private async write(doc: W3cDocument) {
    const batch = doc.pending;
    doc.pending = [];
    this.pendingCount -= batch.length;
    for (const a of batch) if (this.pending.get(a.id) === a) this.pending.delete(a.id);
    const target = await this.load(doc.id!);
    let here: Set<string>;
    if (target) here = await writeBatch(this.w, target, batch, this.seen);
    else {
      // deleted while the file was imported
      here = new Set();
      const reason = `its document “${doc.title}” was deleted while the file was imported`;
      for (const a of batch) pushCapped(this.w.report.annotations.unplaced, { id: a.id, quote: a.quote, reason }, this.w.report);
    }
    for (const a of batch) if (!this.done.has(a.id)) this.done.set(a.id, here.has(a.id));
  }

  private async writeLate() {
    const late = this.late;
    this.late = new Map();
    this.lateCount = 0;
    await writeCarried(this.w, late, (id) => `annotation ${id} was imported but is no longer here`);
  }

  async finish() {
    for (const doc of this.documents.values()) if (doc.pending.length > 0) await this.write(doc);
    await this.writeLate();
    // Replies, verdicts and rulings on annotations that are not in the file but may be here already.
    await writeCarried(this.w, this.waiting, (id) => `annotation ${id} is neither in the file nor here`);
  }
}

function skipRuling(report: ImportReport, annotationId: string, ruling: PlannedRuling, reason: string) {
  pushCapped(report.rulings.skipped, { annotationId, editor: ruling.by.key, editorName: ruling.by.name, reason }, report);
}

/**
 * Replies, verdicts and rulings for annotations stored here, each annotation going through the writer as a
 * carrier: stored already, bringing only its replies, verdicts and ruling. `missing` says why those of an
 * annotation not here are skipped.
 */
async function writeCarried(w: Writer, held: Map<string, Held>, missing: (id: string) => string) {
  const { report } = w;
  const ids = [...held.keys()];
  for (let i = 0; i < ids.length; i += IMPORT_BATCH) {
    const some = ids.slice(i, i + IMPORT_BATCH);
    const rows = await findLiveAnnotationHeads(some);
    const here = new Map(rows.map((r) => [r.id, r]));
    for (const id of some) {
      if (here.has(id)) continue;
      const { replies, verdicts, ruling } = held.get(id)!;
      for (const r of replies) pushCapped(report.replies.skipped, { id: r.id, reason: missing(id) }, report);
      for (const v of verdicts) pushCapped(report.verdicts.skipped, { annotationId: id, reviewer: v.reviewer.key, reviewerName: v.reviewer.name, reason: missing(id) }, report);
      if (ruling) skipRuling(report, id, ruling, missing(id));
    }
    const byDoc = new Map<string, PlannedAnnotation[]>();
    for (const row of rows) {
      const { replies, verdicts, ruling } = held.get(row.id)!;
      const carrier: PlannedAnnotation = {
        id: row.id,
        quote: row.quote,
        classification: "sourced",
        note: writtenNote({ type: "doc", content: [{ type: "paragraph" }] }),
        evidence: [],
        author: UNKNOWN_CREATOR,
        createdAt: new Date(row.updatedAt),
        updatedAt: new Date(row.updatedAt), // not newer than what is stored: never an update
        version: 1,
        replies,
        verdicts,
        ruling,
        carrier: true,
      };
      const list = byDoc.get(row.documentId) ?? [];
      list.push(carrier);
      byDoc.set(row.documentId, list);
    }
    for (const [documentId, carriers] of byDoc) {
      await writeBatch(w, { id: documentId, title: documentId, index: new CodePointIndex(""), version: 0, reanchor: false, versionTexts: null }, carriers, new Set());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

type ImportOptions = {
  actor: CurrentUser | null;
  source?: string;
  ip?: string | null;
  /** A thread that reads annotations while this one writes (./helper.ts; the command line's). */
  helper?: ImportHelper | null;
};

async function runImport(options: ImportOptions, format: ImportReport["format"], fill: (w: Writer) => Promise<void>): Promise<ImportReport> {
  const { actor } = options;
  if (actor && !isAdmin(actor)) throw forbidden("Only admins can import.");
  const report = emptyReport(format);
  await fill({ report, people: new People(report), actorId: actor?.id ?? null });
  await recordAudit({
    type: "import",
    actorId: actor?.id ?? null,
    ip: options.ip ?? null,
    detail: {
      via: actor ? "api" : "cli",
      source: options.source ?? null,
      format: report.format,
      documents: { created: report.documents.created, matched: report.documents.matched, refused: report.documents.refused },
      annotations: { ...report.annotations, fuzzy: report.annotations.fuzzy.length, unplaced: report.annotations.unplaced.length },
      replies: { ...report.replies, skipped: report.replies.skipped.length },
      verdicts: { ...report.verdicts, skipped: report.verdicts.skipped.length },
      rulings: { ...report.rulings, skipped: report.rulings.skipped.length },
      people: report.people,
      ...(report.items ? { items: report.items } : {}),
    },
  });
  return report;
}

/**
 * Checks and imports a file in one step (the HTTP route and the command line): read once to check it
 * (a refused file changes nothing), then again to write it, a batch of annotations at a time, so
 * memory stays bounded whatever the file's size. A native file streams; a W3C file is outlined first
 * (./w3c-source.ts), then read an item at a time. Admins only (`actor` null: the command line, run by
 * whoever owns the database). Writes in transactions of IMPORT_BATCH annotations; an interrupted
 * import is finished by running it again, since nothing is imported twice.
 */
export async function importInput(options: ImportOptions & { input: ImportInput }): Promise<ImportReport> {
  if (options.actor && !isAdmin(options.actor)) throw forbidden("Only admins can import.");
  const { input } = options;
  let layout: NativeLayout | null;
  let outline: W3cOutline | null = null;
  try {
    layout = await checkNative(input, options.helper ?? null);
    if (!layout) outline = await outlineW3c(input);
  } catch (error) {
    if (error instanceof Utf8Error) throw notUtf8();
    throw error;
  }
  if (layout) {
    const checked = layout;
    return runImport(options, "native", (w) => importNativeStream(w, input, checked, options.helper ?? null));
  }
  if (outline && !(isObject(outline.root) && Object.hasOwn(outline.root, "format"))) {
    const { root } = outline;
    return importW3cSource(options, outline.source(), () => assertW3c(root));
  }
  // Not one to stream (a native file with a key twice, or no object or array at all): read whole.
  const file = parseImport(await input.whole());
  if (file.format === "w3c") return importW3cSource(options, file.data, () => {});
  return runImport(options, "native", (w) => importNative(w, file.data));
}

async function importW3cSource(options: ImportOptions, source: W3cSource, assertShape: () => void): Promise<ImportReport> {
  await checkW3c(source, assertShape);
  return runImport(options, "w3c", (w) => importW3c(w, source));
}

/** importInput of bytes in memory. */
export function importFile(options: ImportOptions & { bytes: Uint8Array }) {
  return importInput({ ...options, input: bytesInput(options.bytes) });
}

/** importInput of a file on disk. */
export function importFromPath(options: ImportOptions & { path: string }) {
  return importInput({ ...options, input: fileInput(options.path) });
}

// ---------------------------------------------------------------------------------------------
// Plain files as new documents (folder import)

export const DOCUMENT_FILE_EXTENSIONS = [".txt", ".text", ".md", ".markdown", ".html", ".htm"] as const;

export type DocumentFileResult =
  | { status: "created"; id: string; title: string }
  | { status: "duplicate"; existingId: string; message: string }
  | { status: "refused"; reason: string };

/** A file name without its extension, dashes and underscores read as spaces. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  return base.replace(/[-_]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 300) || "Untitled";
}

/**
 * Adds a .txt, .md or .html file as a new document (kind "other", title from the file's title or
 * first heading, else its name). The same text again is a duplicate, reported and skipped.
 */
export async function importDocumentFile(options: { bytes: Uint8Array; fileName: string; actor: CurrentUser | null }): Promise<DocumentFileResult> {
  if (options.actor && !isAdmin(options.actor)) throw forbidden("Only admins can import.");
  const extracted = extractText({ bytes: options.bytes, fileName: options.fileName });
  if (!extracted.ok) return { status: "refused", reason: extracted.message };
  const title = (extracted.title?.trim() || titleFromFileName(options.fileName)).slice(0, 300);
  const metadata = documentMetadataSchema.parse({ title, kind: "other" });
  try {
    const doc = await createDocument({ text: extracted.text, metadata, structure: extracted.structure, createdById: options.actor?.id ?? null });
    return { status: "created", id: doc.id, title: doc.title };
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") {
      const existingId = (error.details as { existingId?: string } | undefined)?.existingId ?? "";
      return { status: "duplicate", existingId, message: error.message };
    }
    throw error;
  }
}
