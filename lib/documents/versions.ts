import "server-only";
// Document versions. A version's text never changes; an admin or reviewer adds a new one (an upload or
// pasted text, through the same extraction and refusals as adding a document, with an optional change
// note), and it becomes the document's current text: Document.text, textHash, length and words are the
// current version's, so the library, search (its triggers re-index on UPDATE OF text), summaries and
// exports use it without knowing about versions. DocumentVersion keeps every version's text.
//
// Adding a version re-anchors every annotation of the document (deleted ones too, so a restore finds
// them in place) on the new text in the same write: lib/anchoring/reanchor.ts through the diff of the
// current text → the new one, and lib/annotations/anchor-rules.ts for what each annotation records
// (exact, moved, fuzzy with a score, or orphaned). Each annotation's placement before the change is
// kept (AnnotationPlacement), so an earlier version can be shown with its annotations as they were.
// One live event (`document.version`) tells open pages to reload; the audit log records the version.
//
// Duplicate texts: a new version equal to the current one is refused (422, nothing to add); one equal
// to another live document's text is refused like an upload (409 with details.existingId), since the
// library holds a text once; one equal to an earlier version of the same document is allowed (a revert).
import { AppError, forbidden, isUniqueViolation, notFound } from "@/lib/errors";
import { recordAuditIn } from "@/lib/audit/service";
import { canWrite, type CurrentUser } from "@/lib/auth/roles";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { placeOnNewVersion } from "@/lib/annotations/anchor-rules";
import { archivePlacements, findAnchorRows, setPlacement } from "@/lib/annotations/store";
import type { AnchorState } from "@/lib/annotations/types";
import { publish } from "@/lib/events/bus";
import { appendEvent } from "@/lib/events/store";
import { findPeople } from "@/lib/users/store";
import { write } from "@/lib/store/transaction";
import { storedTime, toIso } from "@/lib/store/time";
import { sha256Hex, type ExtractInput } from "./extract";
import { checkedStructure, duplicateError, extractOrRefuse, findDocument } from "./service";
import {
  findDocumentRecord,
  findLiveDuplicate,
  findVersion,
  findVersions,
  insertVersion,
  isDocumentLive,
  replaceCurrentText,
  saveStructure,
  type DocumentRecord,
  type DocumentVersionRecord,
} from "./store";
import { WeightedLru } from "@/lib/cache/weighted-lru";
import type { TextDiff } from "./diff";
import { diffOffThread } from "./extract-off-thread";

type Actor = Pick<CurrentUser, "id" | "role" | "name">;

/** A version as the API lists it (no text). */
export interface VersionDTO {
  number: number;
  createdAt: string;
  note: string | null;
  addedBy: { id: string; name: string } | null;
  /** What the upload was (text, markdown, html); null for texts added before versions existed. */
  format: string | null;
  length: number;
  words: number;
  textHash: string;
  current: boolean;
}

export interface AddVersionResult {
  document: DocumentRecord;
  version: { number: number; createdAt: string; note: string | null; addedBy: { id: string; name: string } };
  /** How the live annotations were placed on the new text. */
  anchoring: Record<AnchorState, number>;
}

/** Who may add versions (the route asks before reading an upload's body; the service again). */
export function assertCanAddVersion(user: Actor) {
  if (!canWrite(user)) throw forbidden("Only reviewers, editors and admins can add versions; your role is viewer.");
}

/**
 * Add a new version of a live document from an upload or pasted text (admins and reviewers), and
 * re-anchor its annotations on it, all in one write.
 */
export async function addVersion(options: { user: Actor; documentId: string; input: ExtractInput; note: string | null; ip?: string | null }): Promise<AddVersionResult> {
  const { user, documentId, note } = options;
  assertCanAddVersion(user);
  const current = await findDocument(documentId);
  const { text, format, structure: extractedStructure, figures } = await extractOrRefuse(options.input);
  const field = "bytes" in options.input ? "file" : "text";
  const hash = sha256Hex(text);
  if (hash === current.textHash) {
    throw new AppError("UNPROCESSABLE", `This text is the same as the current version (${current.version}); there is nothing new to add.`, {
      field,
      reason: "SAME_TEXT",
    });
  }
  const duplicate = await findLiveDuplicate(hash, documentId);
  if (duplicate) throw duplicateError(duplicate);

  const oldText = new CodePointIndex(current.text);
  const newText = new CodePointIndex(text);
  const from = current.version;
  const number = from + 1;
  const { length, words } = figures;
  const structure = checkedStructure(extractedStructure, text, length, "the upload");
  const at = storedTime();
  let written;
  try {
    written = await write(async (tx) => {
      // First: makes the text current only if nobody added a version meanwhile (and, on PostgreSQL,
      // holds the row so that no annotation is placed on the old text until this commits).
      const taken = await findLiveDuplicate(hash, documentId, tx);
      if (taken) throw duplicateError(taken);
      if (!(await replaceCurrentText(tx, { id: documentId, from, to: number, text, textHash: hash, length, words, at }))) {
        if (!(await isDocumentLive(documentId, tx))) throw notFound("Document");
        throw new AppError("CONFLICT", "Another version of this document was added meanwhile; reload it and add yours again if it is still needed.");
      }
      await insertVersion(tx, { documentId, number, text, textHash: hash, length, words, format, note, addedById: user.id, createdAt: at });
      await saveStructure(tx, documentId, number, structure);
      const rows = await findAnchorRows(tx, documentId);
      // Synchronous (no await between reading and writing the placements).
      const { placements, counts } = placeOnNewVersion({ annotations: rows, oldText, newText, version: number });
      await archivePlacements(tx, { documentId }, from);
      for (const p of placements) await setPlacement(tx, p.id, p);
      const version = { number, createdAt: toIso(at), note, addedBy: { id: user.id, name: user.name } };
      await recordAuditIn(tx, {
        type: "document_version_added",
        actorId: user.id,
        targetId: documentId,
        ip: options.ip ?? null,
        detail: { title: current.title, version: number, note, format, anchoring: counts },
      });
      const event = await appendEvent(
        tx,
        documentId,
        "document.version",
        { version, anchoring: counts, document: { version: number, length, words, textHash: hash } },
        { at },
      );
      return { version, counts, event };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await findLiveDuplicate(hash, documentId);
      if (winner) throw duplicateError(winner);
    }
    throw error;
  }
  publish(written.event);
  return { document: (await findDocumentRecord(documentId))!, version: written.version, anchoring: written.counts };
}

async function toDTOs(records: DocumentVersionRecord[], currentNumber: number): Promise<VersionDTO[]> {
  const people = await findPeople(records.flatMap((r) => (r.addedById ? [r.addedById] : [])));
  return records.map((r) => ({
    number: r.number,
    createdAt: r.createdAt,
    note: r.note,
    addedBy: r.addedById ? { id: r.addedById, name: people.get(r.addedById)?.name ?? "Unknown reviewer" } : null,
    format: r.format,
    length: r.length,
    words: r.words,
    textHash: r.textHash,
    current: r.number === currentNumber,
  }));
}

/** The versions of a live document, newest first (any signed-in role). */
export async function listVersions(options: { documentId: string }): Promise<{ document: DocumentRecord; versions: VersionDTO[] }> {
  const document = await findDocumentRecord(options.documentId);
  if (!document) throw notFound("Document");
  return { document, versions: await toDTOs(await findVersions(document.id), document.version) };
}

const versionNotFound = (number: number, document: DocumentRecord) =>
  new AppError("NOT_FOUND", `Version ${number} not found; “${document.title}” has versions 1 to ${document.version}.`);

/**
 * A live document with the text of version `number` (any signed-in role): its metadata, and the text,
 * hash, length and words of that version, `version` its number and `currentVersion` the current one's.
 */
export async function findDocumentVersion(options: { documentId: string; number: number }) {
  const document = await findDocumentRecord(options.documentId);
  if (!document) throw notFound("Document");
  const v = await findVersion(document.id, options.number);
  if (!v) throw versionNotFound(options.number, document);
  const [dto] = await toDTOs([v], document.version);
  return {
    ...document,
    text: v.text,
    textHash: v.textHash,
    length: v.length,
    words: v.words,
    version: v.number,
    currentVersion: document.version,
    versionInfo: dto,
  };
}

/**
 * A word diff between two versions of a live document (code point offsets into each); with
 * `ignoreWhitespace`, changes of whitespace only are left out (lib/documents/diff.ts).
 */
export async function diffVersions(options: {
  documentId: string;
  from: number;
  to: number;
  ignoreWhitespace?: boolean;
}): Promise<{ from: VersionDTO; to: VersionDTO } & TextDiff> {
  const document = await findDocumentRecord(options.documentId);
  if (!document) throw notFound("Document");
  const [a, b] = [await findVersion(document.id, options.from), await findVersion(document.id, options.to)];
  if (!a) throw versionNotFound(options.from, document);
  if (!b) throw versionNotFound(options.to, document);
  const [from, to] = await toDTOs([a, b], document.version);
  // Made in a worker thread (a diff of two long versions takes up to ~2 s: lib/documents/diff.ts' time
  // limits) and kept by the two texts' hashes (a version's text never changes): the versions page and
  // its API ask for the same pairs again and again.
  const key = `${a.textHash} ${b.textHash} ${options.ignoreWhitespace ? "ignore" : "show"}`;
  let diff = diffCache.get(key);
  if (!diff) {
    diff = await diffOffThread(a.text, b.text, { ignoreWhitespace: options.ignoreWhitespace });
    diffCache.set(key, diff, diffWeight(diff));
  }
  return { from, to, ...diff };
}

const diffCache = new WeightedLru<string, TextDiff>(32 * 1024 * 1024);

/** Bytes a diff holds, roughly: its texts (two bytes a unit) and ~150 per part. */
const diffWeight = (diff: TextDiff) => diff.parts.reduce((n, p) => n + 2 * p.text.length + 150, 0);
