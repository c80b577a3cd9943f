// One annotation of a native file read from its bytes: the per-annotation work of the import's two
// passes (lib/import/service.ts), done on the main thread or, for the command line, in the import's
// helper thread (./helper.ts). Nothing here touches the database, so the helper thread can load it.
import { AppError } from "@/lib/errors";
import { nativeAnnotationSchema, type NativeAnnotation } from "@/lib/export/native";
import type { NoteDoc } from "@/lib/notes/schema";
import { noteToPlainText } from "@/lib/notes/text";
import { JsonSyntaxError, parseJson } from "./json-scan";

export const MAX_IMPORT_DEPTH = 100;
// Lone UTF-16 surrogates ("\ud800" escapes are valid JSON) cannot be stored as UTF-8; SQLite would
// quietly turn them into U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why (400) `value`, found at `depth` in the file (the file itself is 1), cannot be imported: nesting
 * deeper than any export has, or strings SQLite or PostgreSQL cannot store (a NUL, which PostgreSQL
 * refuses with an error, answered as a 500); null when it can. A text of a document or of one of its
 * versions (the `text` beside a `textSha256`; `isText` when `value` is one) may hold a NUL: that
 * document is refused, or its history left out, by the rules for texts. Iterative, so hostile nesting
 * cannot overflow the stack; about 0.2 s for a 100,000-annotation file.
 */
export function storageProblem(value: unknown, depth: number, isText = false): AppError | null {
  const values: unknown[] = [value];
  const depths: number[] = [depth];
  const texts: boolean[] = [isText];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    const text = texts.pop()!;
    if (depth > MAX_IMPORT_DEPTH) return new AppError("INVALID_INPUT", `The file's JSON is nested more than ${MAX_IMPORT_DEPTH} levels deep.`);
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) return brokenText();
      if (!text && v.includes("\u0000")) return nulText();
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
        texts.push(false);
      }
    } else if (v !== null && typeof v === "object") {
      for (const key in v) {
        if (LONE_SURROGATE.test(key)) return brokenText();
        if (key.includes("\u0000")) return nulText();
        values.push((v as Record<string, unknown>)[key]);
        depths.push(depth + 1);
        texts.push(key === "text" && Object.hasOwn(v, "textSha256"));
      }
    }
  }
  return null;
}

const nulText = () => new AppError("INVALID_INPUT", "The file contains NUL characters (U+0000) outside the texts of its documents; they cannot be stored.");

const brokenText = () =>
  new AppError("INVALID_INPUT", "The file contains broken characters (unpaired UTF-16 surrogates, e.g. \\ud800) that cannot be stored as UTF-8.");


/** Depth in the file of the values read at each level (the file itself is 1), for storageProblem. */
export const DEPTH = { top: 2, document: 3, field: 4, annotation: 5 };

/** A problem of the format's schema, its path inside the annotation. */
export interface AnnotationIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * What the checking pass learns from one annotation's bytes, as plain data (it crosses threads):
 * `syntax`, the JSON.parse message when the bytes are not JSON (the file is refused as not JSON);
 * `unstorable`, the message of the 400 when it cannot be stored (nested too deeply, broken characters);
 * `issues`, the schema's problems (of null when the JSON was nested too deeply, as the pass read it).
 */
export interface CheckedAnnotation {
  syntax?: string;
  unstorable?: string;
  issues?: AnnotationIssue[];
}

export function checkAnnotationBytes(bytes: Uint8Array): CheckedAnnotation {
  const out: CheckedAnnotation = {};
  let value: unknown = null;
  try {
    value = parseJson(bytes);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { syntax: error.message };
    if (!(error instanceof RangeError)) throw error;
    out.unstorable = "The file's JSON is nested too deeply.";
  }
  if (!out.unstorable) {
    const problem = storageProblem(value, DEPTH.annotation);
    if (problem) out.unstorable = problem.message;
  }
  const result = nativeAnnotationSchema.safeParse(value);
  if (!result.success) out.issues = result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  return out;
}

/** The writing pass's reading of an annotation (of a checked file): throws as JSON.parse and the schema do. */
export function parseAnnotationBytes(bytes: Uint8Array): NativeAnnotation {
  return nativeAnnotationSchema.parse(parseJson(bytes));
}

/** A checked note as the stores write it: its JSON and its plain text. */
export interface WrittenNote {
  json: string;
  text: string;
}

export const writtenNote = (doc: NoteDoc): WrittenNote => ({ json: JSON.stringify(doc), text: noteToPlainText(doc) });

type NativeReply = NativeAnnotation["replies"][number];
type NativeRuling = NonNullable<NativeAnnotation["ruling"]>;

type NativeRevision = NonNullable<NativeAnnotation["revisions"]>[number];

/** An annotation of the file with its notes (note, reply bodies, ruling rationale, earlier notes) as they are written. */
export type ReadAnnotation = Omit<NativeAnnotation, "note" | "replies" | "ruling" | "revisions"> & {
  note: WrittenNote;
  replies: Array<Omit<NativeReply, "body"> & { body: WrittenNote }>;
  ruling?: (Omit<NativeRuling, "rationale"> & { rationale: WrittenNote }) | null;
  revisions?: Array<Omit<NativeRevision, "note" | "noteText"> & { note: WrittenNote }>;
};

export function readAnnotation(a: NativeAnnotation): ReadAnnotation {
  return {
    ...a,
    note: writtenNote(a.note),
    replies: a.replies.map((r) => ({ ...r, body: writtenNote(r.body) })),
    ruling: a.ruling ? { ...a.ruling, rationale: writtenNote(a.ruling.rationale) } : a.ruling,
    revisions: a.revisions?.map(({ noteText, ...r }) => {
      void noteText; // recomputed from the note, as for the annotation's own
      return { ...r, note: writtenNote(r.note) };
    }),
  };
}

/** parseAnnotationBytes, its notes made ready to write (in the helper thread, this is what crosses to the main thread: strings instead of note trees). */
export const readAnnotationBytes = (bytes: Uint8Array): ReadAnnotation => readAnnotation(parseAnnotationBytes(bytes));
