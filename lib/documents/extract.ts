/**
 * Document import: turns an uploaded file (or pasted text) into the immutable text that
 * annotations point into.
 *
 * Every annotation position is a Unicode code point offset into the stored text, so the
 * stored text must be exactly what was imported. For plain text that means: line endings
 * normalised to "\n", one leading byte-order mark removed, nothing else. HTML and Markdown
 * are reduced to readable plain text once, at import time (the result is what gets stored).
 *
 * Beside the text it returns the source's structure (headings, paragraphs, lists, quotes,
 * emphasis, links, images, citation markers and notes) as ranges over the text (structure.ts), and
 * the metadata the file states about itself (metadata.ts). Neither ever changes the text.
 *
 * Everything here is pure and deterministic (no I/O, no clock, no locale), and safe to use
 * from server code and command-line scripts alike.
 */
import { createHash } from "node:crypto";
import { Marked } from "marked";
import { withoutBoilerplate, type BoilerplateReport } from "./boilerplate";
import { linkByLabel, textCitations } from "./citations";
import { extractHtml, parseHtml } from "./html";
import { bylineAuthor, frontMatterMetadata, htmlMetadata, splitFrontMatter, type ExtractedMetadata } from "./metadata";
import { normaliseLineEndings, normaliseText } from "./normalise";
import { plainTextRanges } from "./plain-structure";
import { finishStructure, type DocumentStructure, type Utf16Range } from "./structure";

import { MAX_TEXT_BYTES } from "./schemas";
export { MAX_TEXT_BYTES }; // 5 MB of text
export { normaliseText };
export type { BoilerplateReport, DocumentStructure, ExtractedMetadata };

export type ExtractErrorCode = "EMPTY" | "BINARY" | "ENCODING" | "TOO_LARGE" | "UNSUPPORTED_TYPE";
export type SourceFormat = "text" | "markdown" | "html";
export type ExtractResult =
  | {
      ok: true;
      text: string;
      format: SourceFormat;
      /** From <title> (else the first <h1>) for HTML, the first "# " heading for Markdown. */
      title?: string;
      /** The source's structure, as code point ranges over `text`. */
      structure: DocumentStructure;
      /** What the file says about itself (meta tags, JSON-LD, front matter), checked like the form's fields. */
      metadata: ExtractedMetadata;
      /** HTML with a `boilerplate` choice: which passages are (or would be) dropped. */
      boilerplate?: BoilerplateReport;
    }
  | { ok: false; code: ExtractErrorCode; message: string };

/** For HTML: "drop" stores the text without boilerplate, "keep" keeps it but reports it; absent, neither. */
export type BoilerplateChoice = "drop" | "keep";

export type ExtractInput = (
  | { bytes: Uint8Array; fileName?: string; mimeType?: string }
  | {
      text: string;
      format?: SourceFormat;
      /**
       * The text as an installation stored it (a native export's): only line endings are normalised, a
       * leading U+FEFF is content (the upload it came from lost its byte-order mark already). Plain text only.
       */
      stored?: boolean;
    }
) & { boilerplate?: BoilerplateChoice };

const SUPPORTED_HINT = "Upload a .txt, .md or .html file.";

// ---------------------------------------------------------------------------------------------
// Format detection

const FORMAT_BY_EXTENSION: Readonly<Record<string, SourceFormat>> = {
  txt: "text",
  text: "text",
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
};

const FORMAT_BY_MIME: Readonly<Record<string, SourceFormat>> = {
  "text/plain": "text",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/html": "html",
  "application/xhtml+xml": "html",
};

function extensionOf(name: string): string | null {
  // Browsers give a bare name, but older ones (and scripts) may pass a path.
  const base = name.trim().split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  if (dot <= 0 || dot === base.length - 1) return null; // no extension, or a dotfile like ".md"
  return base.slice(dot + 1).toLowerCase();
}

/**
 * .txt/.text → text, .md/.markdown → markdown, .html/.htm → html (case-insensitive);
 * otherwise by MIME type (text/plain, text/markdown, text/html; parameters ignored);
 * null when neither says the file is supported.
 */
export function formatFromFileName(name: string, mimeType?: string): SourceFormat | null {
  const ext = extensionOf(name);
  if (ext !== null && Object.hasOwn(FORMAT_BY_EXTENSION, ext)) return FORMAT_BY_EXTENSION[ext];
  if (mimeType) {
    const essence = mimeType.split(";")[0].trim().toLowerCase();
    if (Object.hasOwn(FORMAT_BY_MIME, essence)) return FORMAT_BY_MIME[essence];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Byte-level checks and decoding

type Signature = { kind: string; offset?: number; bytes: readonly (number | null)[] };

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** Magic numbers of common binary formats people upload by mistake. `null` matches any byte. */
const BINARY_SIGNATURES: readonly Signature[] = [
  { kind: "PNG image", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: "JPEG image", bytes: [0xff, 0xd8, 0xff] },
  { kind: "GIF image", bytes: ascii("GIF87a") },
  { kind: "GIF image", bytes: ascii("GIF89a") },
  { kind: "WebP image", bytes: [...ascii("RIFF"), null, null, null, null, ...ascii("WEBP")] },
  { kind: "WAV audio", bytes: [...ascii("RIFF"), null, null, null, null, ...ascii("WAVE")] },
  { kind: "TIFF image", bytes: [0x49, 0x49, 0x2a, 0x00] },
  { kind: "TIFF image", bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { kind: "icon image", bytes: [0x00, 0x00, 0x01, 0x00] },
  { kind: "Photoshop image", bytes: ascii("8BPS") },
  { kind: "PDF document", bytes: ascii("%PDF-") },
  { kind: "ZIP archive (or a Word/OpenDocument/EPUB file)", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: "ZIP archive (or a Word/OpenDocument/EPUB file)", bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: "ZIP archive (or a Word/OpenDocument/EPUB file)", bytes: [0x50, 0x4b, 0x07, 0x08] },
  { kind: "Microsoft Office document (.doc/.xls/.ppt)", bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: "gzip archive", bytes: [0x1f, 0x8b] },
  { kind: "bzip2 archive", bytes: [...ascii("BZh"), null, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59] },
  { kind: "xz archive", bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { kind: "Zstandard archive", bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { kind: "7-Zip archive", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: "RAR archive", bytes: [...ascii("Rar!"), 0x1a, 0x07] },
  { kind: "SQLite database", bytes: [...ascii("SQLite format 3"), 0x00] },
  { kind: "MP3 audio", bytes: [...ascii("ID3"), 0x03] },
  { kind: "MP3 audio", bytes: [...ascii("ID3"), 0x04] },
  { kind: "Ogg audio/video", bytes: ascii("OggS") },
  { kind: "FLAC audio", bytes: ascii("fLaC") },
  { kind: "MP4/QuickTime video", offset: 4, bytes: ascii("ftyp") },
  { kind: "font file", bytes: ascii("wOFF") },
  { kind: "font file", bytes: ascii("wOF2") },
  { kind: "WebAssembly module", bytes: [0x00, ...ascii("asm")] },
  { kind: "executable program", bytes: [0x7f, ...ascii("ELF")] },
  { kind: "Java class file", bytes: [0xca, 0xfe, 0xba, 0xbe] },
];

function detectBinarySignature(bytes: Uint8Array): string | null {
  for (const sig of BINARY_SIGNATURES) {
    const offset = sig.offset ?? 0;
    if (bytes.length < offset + sig.bytes.length) continue;
    if (sig.bytes.every((b, i) => b === null || bytes[offset + i] === b)) return sig.kind;
  }
  return null;
}

/** A byte-order mark other than UTF-8's, i.e. text we could read but refuse to guess at. */
function detectForeignBom(bytes: Uint8Array): string | null {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return "UTF-32 (little-endian)";
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return "UTF-32 (big-endian)";
  if (a === 0xff && b === 0xfe) return "UTF-16 (little-endian)";
  if (a === 0xfe && b === 0xff) return "UTF-16 (big-endian)";
  return null;
}

/**
 * UTF-16 without a byte-order mark: mostly-ASCII UTF-16 has a zero in every other byte.
 * Looks at the first 4 KB only.
 */
function looksLikeBomlessUtf16(bytes: Uint8Array): string | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return null; // too little to tell
  let zerosEven = 0;
  let zerosOdd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) zerosEven++;
      else zerosOdd++;
    }
  }
  const half = n / 2;
  if (zerosOdd > half * 0.5 && zerosEven < half * 0.05) return "UTF-16 (little-endian)";
  if (zerosEven > half * 0.5 && zerosOdd < half * 0.05) return "UTF-16 (big-endian)";
  return null;
}

/** Share of C0 control bytes (other than tab, line feed, vertical tab, form feed, carriage return, escape) and DEL. */
function controlByteShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 64 * 1024);
  if (n === 0) return 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b < 0x20 && !(b >= 0x09 && b <= 0x0d) && b !== 0x1b) || b === 0x7f) controls++;
  }
  return controls / n;
}

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineAndColumnOfByte(bytes: Uint8Array, offset: number): { line: number; byte: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, byte: offset - lineStart + 1 };
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

const LIMIT_LABEL = `${MAX_TEXT_BYTES / (1024 * 1024)} MB`;

function tooLarge(size: number, what: "file" | "text"): { ok: false; code: "TOO_LARGE"; message: string } {
  return {
    ok: false,
    code: "TOO_LARGE",
    message:
      what === "file"
        ? `The file is too large (${formatMegabytes(size)}). Documents can have at most ${LIMIT_LABEL} of text; split it into smaller parts.`
        : `The document's text is too large (${formatMegabytes(size)}). Documents can have at most ${LIMIT_LABEL} of text; split it into smaller parts.`,
  };
}

const EMPTY_MESSAGE = "The document is empty: it contains no text, or only whitespace and invisible characters.";

/** Nothing to read: whitespace and invisible format characters only (zero-width spaces, a BOM, word joiners). */
const isBlank = (text: string) => /^[\s\p{Cf}]*$/u.test(text);
const EMPTY_AFTER_EXTRACTION_MESSAGE =
  "The document is empty: no readable text was found in it (scripts, styles, hidden content and form controls are ignored).";

/**
 * Strictly decodes UTF-8. Refuses binary data (by signature, NUL bytes or a high share of
 * control bytes), other encodings (UTF-16/32 byte-order marks, invalid UTF-8) and empty or
 * whitespace-only content. A leading UTF-8 byte-order mark is kept in `text` (normaliseText
 * removes it), so that the decoded text is exactly what the bytes say.
 */
export function decodeUtf8(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; code: "BINARY" | "ENCODING" | "EMPTY"; message: string } {
  if (bytes.length === 0) return { ok: false, code: "EMPTY", message: EMPTY_MESSAGE };

  const bom = detectForeignBom(bytes);
  if (bom) {
    return {
      ok: false,
      code: "ENCODING",
      message: `The file is encoded as ${bom}, not UTF-8. Save or convert it as UTF-8 and upload it again.`,
    };
  }

  const kind = detectBinarySignature(bytes);
  if (kind) {
    return {
      ok: false,
      code: "BINARY",
      message: `This looks like a binary file (${kind}), not text. ${SUPPORTED_HINT}`,
    };
  }

  if (bytes.indexOf(0) !== -1) {
    const utf16 = looksLikeBomlessUtf16(bytes);
    if (utf16) {
      return {
        ok: false,
        code: "ENCODING",
        message: `The file seems to be encoded as ${utf16} without a byte-order mark, not UTF-8. Save or convert it as UTF-8 and upload it again.`,
      };
    }
    return {
      ok: false,
      code: "BINARY",
      message: `This looks like a binary file (it contains NUL bytes), not text. ${SUPPORTED_HINT}`,
    };
  }

  if (controlByteShare(bytes) > 0.1) {
    return {
      ok: false,
      code: "BINARY",
      message: `This looks like a binary file (it is full of control characters), not text. ${SUPPORTED_HINT}`,
    };
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    const where = at >= 0 ? (({ line, byte }) => ` (first invalid byte on line ${line}, byte ${byte})`)(lineAndColumnOfByte(bytes, at)) : "";
    return {
      ok: false,
      code: "ENCODING",
      message:
        `The file is not valid UTF-8 text${where}. It is probably in another encoding such as ` +
        `Windows-1252, ISO-8859-1 or UTF-16; convert it to UTF-8 first (most text editors can "Save as UTF-8") and upload it again.`,
    };
  }

  if (isBlank(text)) return { ok: false, code: "EMPTY", message: EMPTY_MESSAGE };
  return { ok: true, text };
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** Byte length of the UTF-8 encoding (unpaired surrogates count as U+FFFD, as TextEncoder does). */
function utf8ByteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// ---------------------------------------------------------------------------------------------
// HTML and Markdown → text (the HTML rules live in html.ts)

/**
 * Readable plain text of an HTML document, parsed with parse5 (so entities are decoded and
 * malformed markup is handled the way browsers handle it). Scripts, styles, embedded objects,
 * hidden elements and form controls are dropped; links keep only their text. Block elements
 * become paragraphs separated by a blank line, <br> a line break, list items get "• " or
 * "1. " markers, table rows become "cell | cell" paragraphs, <pre> keeps its whitespace.
 * `title` is the <title>, else the first <h1>.
 */
export function htmlToText(html: string): { text: string; title?: string } {
  const { text, titleElement, firstH1 } = extractHtml(html);
  const title = titleElement ?? firstH1;
  return title === undefined ? { text } : { text, title };
}

/** A private instance, so that extensions registered on the global `marked` cannot change results. */
const markdown = new Marked({ gfm: true, breaks: false, async: false });

function markdownToHtml(body: string): string {
  return markdown.parse(body, { async: false });
}

/**
 * Readable plain text of a Markdown document: YAML front matter removed, rendered to HTML with
 * marked, then reduced like HTML (so emphasis markers and link syntax disappear, and raw HTML in
 * the Markdown is treated like any other HTML: scripts dropped). `title` is the first level-1 heading.
 * Throws if marked cannot render the source (e.g. blockquotes nested thousands deep).
 */
export function markdownToText(md: string): { text: string; title?: string } {
  const { text, firstH1 } = extractHtml(markdownToHtml(splitFrontMatter(normaliseText(md)).body));
  return firstH1 === undefined ? { text } : { text, title: firstH1 };
}

// ---------------------------------------------------------------------------------------------
// Entry point

interface Extracted {
  text: string;
  format: SourceFormat;
  title?: string;
  ranges: Utf16Range[];
  metadata: ExtractedMetadata;
  boilerplate?: BoilerplateReport;
}

function fromHtml(source: string, choice: BoilerplateChoice | undefined): Extracted {
  const doc = parseHtml(source);
  const full = extractHtml(source, doc);
  const title = full.titleElement ?? full.firstH1;
  const out: Extracted = { text: full.text, format: "html", ranges: full.ranges, metadata: htmlMetadata(full.page, title) };
  if (title !== undefined) out.title = title;
  if (choice !== undefined && full.text.trim() !== "") {
    const cleaned = withoutBoilerplate(doc, full);
    out.boilerplate = cleaned.report;
    if (choice === "drop" && cleaned.text !== null) {
      out.text = cleaned.text;
      out.ranges = cleaned.ranges;
    } else {
      out.boilerplate.applied = false;
    }
  }
  return out;
}

function fromMarkdown(source: string): Extracted {
  const { body, data } = splitFrontMatter(normaliseText(source));
  const fromFile = data ? frontMatterMetadata(data) : {};
  try {
    const full = extractHtml(markdownToHtml(body));
    const out: Extracted = { text: full.text, format: "markdown", ranges: full.ranges, metadata: { ...fromFile } };
    if (full.firstH1 !== undefined) {
      out.title = full.firstH1;
      out.metadata.title ??= full.firstH1;
    }
    const byline = out.metadata.author === undefined ? bylineAuthor(full.text) : undefined;
    if (byline) out.metadata.author = byline;
    return out;
  } catch {
    // marked gave up (pathologically nested input): keep the source itself as plain text.
    return { text: body, format: "text", ranges: plainTextRanges(body), metadata: fromFile };
  }
}

function fromText(text: string, format: SourceFormat, choice: BoilerplateChoice | undefined, stored = false): ExtractResult {
  if (isBlank(text)) return { ok: false, code: "EMPTY", message: EMPTY_MESSAGE };

  let result: Extracted;
  if (format === "html") result = fromHtml(text, choice);
  else if (format === "markdown") result = fromMarkdown(text);
  else {
    const normalised = stored ? normaliseLineEndings(text) : normaliseText(text);
    const byline = bylineAuthor(normalised);
    result = { text: normalised, format: "text", ranges: plainTextRanges(normalised), metadata: byline ? { author: byline } : {} };
  }

  if (isBlank(result.text)) {
    return {
      ok: false,
      code: "EMPTY",
      message: result.format === "text" ? EMPTY_MESSAGE : EMPTY_AFTER_EXTRACTION_MESSAGE,
    };
  }
  const size = utf8ByteLength(result.text);
  if (size > MAX_TEXT_BYTES) return tooLarge(size, "text");

  if (result.format !== "text") {
    // Citation markers written as text ("[12]") where the markup did not mark them already.
    const occupied = result.ranges.filter((r) => r.type === "citation" || r.type === "note");
    const notes = result.ranges.filter((r) => r.type === "note").length;
    result.ranges.push(...textCitations(result.text, occupied, notes + 1));
    linkByLabel(result.ranges);
  }

  const out: ExtractResult = {
    ok: true,
    text: result.text,
    format: result.format,
    structure: finishStructure(result.text, result.ranges),
    metadata: result.metadata,
  };
  if (result.title !== undefined) out.title = result.title;
  if (result.boilerplate !== undefined) out.boilerplate = result.boilerplate;
  return out;
}

/**
 * Turns an upload (bytes plus file name / MIME type) or pasted text into the text to store, with
 * the source's structure (ranges over that text) and the metadata the file states about itself.
 * Uploads must be UTF-8; without a name or MIME type they are taken as plain text. Pasted
 * text is plain text unless a format is given.
 *
 * `boilerplate` applies to HTML only: without it the text is the full page text, as it always was;
 * "keep" also reports which passages look like navigation, headers, footers and the like; "drop"
 * stores the text without them (boilerplate.ts). The result is plain data (structured-cloneable).
 */
export function extractText(input: ExtractInput): ExtractResult {
  const choice = input.boilerplate;
  if ("bytes" in input) {
    const { bytes, fileName, mimeType } = input;
    let format: SourceFormat | null = "text";
    if (fileName || mimeType) {
      format = formatFromFileName(fileName ?? "", mimeType);
      if (format === null) {
        const ext = fileName ? extensionOf(fileName) : null;
        const what = ext ? `.${ext} files` : mimeType ? `Files of type ${mimeType.split(";")[0].trim()}` : "This kind of file";
        return {
          ok: false,
          code: "UNSUPPORTED_TYPE",
          message: `${what} cannot be imported. ${SUPPORTED_HINT}`,
        };
      }
    }

    // Cheap header checks first, so a large image is reported as an image, not as too large.
    if (bytes.length > 0 && (detectForeignBom(bytes) || detectBinarySignature(bytes))) {
      const refused = decodeUtf8(bytes.subarray(0, 64));
      if (!refused.ok) return refused;
    }
    if (bytes.length > MAX_TEXT_BYTES) return tooLarge(bytes.length, "file");

    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    return fromText(decoded.text, format, choice);
  }

  const { text, format = "text", stored } = input;
  const size = utf8ByteLength(text);
  if (size > MAX_TEXT_BYTES) return tooLarge(size, "text");
  if (text.includes("\u0000")) {
    return {
      ok: false,
      code: "BINARY",
      message: "The text contains NUL characters, which usually means it was copied from a binary file. Paste plain text instead.",
    };
  }
  if (UNPAIRED_SURROGATE.test(text)) {
    return {
      ok: false,
      code: "ENCODING",
      message: "The text contains broken characters (unpaired UTF-16 surrogates) and cannot be stored as UTF-8. Copy it again from the source.",
    };
  }
  return fromText(text, format, choice, stored);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A word: letters, digits and combining marks, possibly joined by an apostrophe, hyphen or underscore ("don't", "well-known"). */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019\-\u2010\u2011_][\p{L}\p{N}\p{M}]+)*/gu;

/** Number of words (see WORD); scripts written without spaces count one word per run. */
export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}

/** Length in Unicode code points (what annotation offsets count), not UTF-16 code units. */
export { cpLength } from "@/lib/anchoring/codepoints";
