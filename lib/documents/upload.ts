import "server-only";
// Reading an add-document request: JSON `{ text, format?, keepFullText?, ...metadata }`, or
// multipart/form-data with a `file` (or a `text` field), `keepFullText` and metadata fields. Size
// limits apply before anything is parsed. `keepFullText` (default false) keeps an HTML page's
// navigation, headers, footers and the like in the text instead of dropping them.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { assertSaneJson, parseInput, readBody } from "@/lib/http/api";
import { MAX_TEXT_BYTES, type BoilerplateChoice, type ExtractInput } from "./extract";
import { SOURCE_FORMATS } from "./schemas";

const OVERHEAD_BYTES = 256 * 1024;
/** A file of up to 5 MB plus the form around it. */
export const MAX_MULTIPART_BYTES = MAX_TEXT_BYTES + OVERHEAD_BYTES;
/** JSON escapes line breaks and quotes, so 5 MB of text can take up to twice as much as a JSON string. */
export const MAX_JSON_UPLOAD_BYTES = 2 * MAX_TEXT_BYTES + OVERHEAD_BYTES;

const LIMIT_MESSAGE = `The upload is too large. Documents can have at most ${MAX_TEXT_BYTES / (1024 * 1024)} MB of text; split it into smaller parts.`;

const jsonUploadSchema = z.looseObject({
  text: z.string({ message: "Send the document's text in `text` (or upload a file as multipart/form-data)." }),
  format: z.enum(SOURCE_FORMATS, { message: `Format must be one of: ${SOURCE_FORMATS.join(", ")}.` }).optional(),
});

const KEEP_MESSAGE = "keepFullText must be true or false.";
/** JSON: a boolean; a form field: "true"/"false" (or "1"/"0", "on"). Absent: false. */
const keepFullTextSchema = z.strictObject({
  keepFullText: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0", "on"])], { message: KEEP_MESSAGE })
    .optional()
    .transform((v) => v === true || v === "true" || v === "1" || v === "on"),
});

export interface DocumentUpload {
  /** With `boilerplate` set from keepFullText: "keep" or "drop". */
  input: ExtractInput;
  /** The other fields (metadata), to be parsed by documentMetadataSchema. */
  fields: Record<string, unknown>;
}

/** Takes `keepFullText` out of the fields, checked, and turns it into the extractor's choice. */
function boilerplateChoice(fields: Record<string, unknown>): BoilerplateChoice {
  const has = Object.hasOwn(fields, "keepFullText");
  const { keepFullText } = parseInput(keepFullTextSchema, has ? { keepFullText: fields.keepFullText } : {});
  delete fields.keepFullText;
  return keepFullText ? "keep" : "drop";
}

async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readBody(req, maxBytes);
  } catch (error) {
    if (error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE") {
      throw new AppError("PAYLOAD_TOO_LARGE", LIMIT_MESSAGE, { field: "file", reason: "TOO_LARGE" });
    }
    throw error;
  }
}

const REPLACEMENT = [0xef, 0xbf, 0xbd]; // U+FFFD in UTF-8

/**
 * Form fields are decoded without complaint: bytes that are not UTF-8 become U+FFFD, and text stored so
 * has lost them. A field with more U+FFFD than the whole body spells out as such was not UTF-8: refused,
 * as the same bytes are in a file or in JSON. (A file that holds U+FFFD can hide one; never a false refusal.)
 */
function assertUtf8Fields(bytes: Uint8Array, form: FormData) {
  let replaced = 0;
  let field: string | null = null;
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const n = value.split("\uFFFD").length - 1;
    if (n > 0) {
      replaced += n;
      field ??= key;
    }
  }
  if (replaced === 0) return;
  let written = 0;
  for (let i = bytes.indexOf(REPLACEMENT[0]); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(REPLACEMENT[0], i + 1)) {
    if (bytes[i + 1] === REPLACEMENT[1] && bytes[i + 2] === REPLACEMENT[2]) written++;
  }
  if (replaced > written) {
    throw new AppError("INVALID_INPUT", `The field \`${field}\` is not valid UTF-8 text. Send the form as UTF-8.`, { field, reason: "ENCODING" });
  }
}

export async function readDocumentUpload(req: Request): Promise<DocumentUpload> {
  const contentType = (req.headers.get("content-type") ?? "").toLowerCase();

  if (contentType.startsWith("multipart/form-data")) {
    const bytes = await readLimited(req, MAX_MULTIPART_BYTES);
    let form: FormData;
    try {
      form = await new Response(bytes as BodyInit, { headers: { "content-type": req.headers.get("content-type")! } }).formData();
    } catch {
      throw new AppError("INVALID_INPUT", "The form data could not be read.");
    }
    assertUtf8Fields(bytes, form);
    const fields: Record<string, unknown> = {};
    // Everything but the source (`file`, `text`, `format`) is metadata, checked strictly by the route.
    for (const [key, value] of form.entries()) {
      if (typeof value === "string" && key !== "text" && key !== "file" && key !== "format") fields[key] = value;
    }
    // One source, said once: a second file, a text beside the file, or a format for a file (whose format
    // comes from its name and type) was silently dropped.
    const [files, texts] = [form.getAll("file"), form.getAll("text")];
    if (files.length + texts.length > 1) {
      throw new AppError("INVALID_INPUT", "Send one source: one file (field `file`) or one text (field `text`), not several.", { field: "file", reason: "SEVERAL" });
    }
    if (files.length === 1 && form.has("format")) {
      throw new AppError("INVALID_INPUT", "`format` is for a pasted text; a file's format comes from its name and type.", { field: "format" });
    }
    const repeated = [...new Set([...form.keys()].filter((key, i, keys) => keys.indexOf(key) !== i))];
    if (repeated.length) throw new AppError("INVALID_INPUT", `The field \`${repeated[0]}\` is sent more than once.`, { field: repeated[0] });
    const boilerplate = boilerplateChoice(fields);
    const file = form.get("file");
    if (file && typeof file !== "string") {
      return {
        input: { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || undefined, mimeType: file.type || undefined, boilerplate },
        fields,
      };
    }
    const text = form.get("text");
    if (typeof text === "string") {
      const { format } = parseInput(jsonUploadSchema, { text, format: form.get("format") || undefined });
      return { input: { text, format, boilerplate }, fields };
    }
    throw new AppError("INVALID_INPUT", "Choose a file to upload (field `file`) or paste the text (field `text`).", {
      field: "file",
      reason: "MISSING",
    });
  }

  if (contentType.startsWith("application/json") || contentType === "") {
    const bytes = await readLimited(req, MAX_JSON_UPLOAD_BYTES);
    let data: unknown;
    try {
      const raw = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      if (!raw.trim()) throw new AppError("INVALID_INPUT", "The request body is empty; send JSON with `text` and the metadata.");
      data = JSON.parse(raw);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError("INVALID_INPUT", "The request body is not valid UTF-8 JSON.");
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) {
      throw new AppError("INVALID_INPUT", "Send a JSON object with `text` and the metadata fields.");
    }
    assertSaneJson(data);
    const { text, format } = parseInput(jsonUploadSchema, data);
    // The metadata from the parsed JSON itself: zod's output would turn a "__proto__" key into a
    // prototype, hiding it from the strict metadata schema.
    const { text: _text, format: _format, ...fields } = data as Record<string, unknown>;
    const boilerplate = boilerplateChoice(fields);
    return { input: { text, format, boilerplate }, fields };
  }

  throw new AppError("INVALID_INPUT", "Send the document as JSON or as multipart/form-data.");
}
