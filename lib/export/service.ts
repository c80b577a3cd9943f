import "server-only";
// Exports from the database: one document or the corpus, native or W3C, read from one snapshot in
// batches (four queries per 2,000 annotations, never one per annotation and never the whole corpus at
// once) and serialised by the streaming writers in native.ts / w3c.ts. Every signed-in role may export.
import { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { isAdmin, type CurrentUser } from "@/lib/auth/roles";
import type { Classification, EvidenceDTO } from "@/lib/annotations/types";
import type { NoteDoc } from "@/lib/notes/schema";
import { isPlaceholderEmail } from "@/lib/import/placeholder";
import { SqliteExportReader, type AnnotationKey, type AnnotationRow, type ExportSelection, type PersonRow } from "./sqlite-reader";
import {
  streamNativeExport,
  type NativeAnnotation,
  type NativeDocumentMeta,
  type NativeDocumentSource,
  type NativePerson,
} from "./native";
import { annotationIri, streamW3cCollection, toW3cAnnotation, toW3cReply, toW3cVerdict, type W3cAnnotation } from "./w3c";

export const EXPORT_FORMATS = ["native", "w3c"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?format=native|w3c` of the export routes. */
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: 'format must be "native" or "w3c".' }),
});

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  native: "application/json",
  w3c: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
};

/** Annotations read per query; their evidence, replies and verdicts come in one query each per batch. */
export const EXPORT_BATCH = 1000;

export interface ExportStats {
  documents: number;
  annotations: number;
  replies: number;
  verdicts: number;
}

export interface PreparedExport {
  format: ExportFormat;
  contentType: string;
  /** `apparatus-<slug or corpus>-<format>-<yyyy-mm-dd>.json` */
  filename: string;
  /** The JSON in ~64 KB string chunks; pull them one at a time. */
  chunks: AsyncGenerator<string>;
  /** Filled in while `chunks` is consumed. */
  stats: ExportStats;
}

export interface ExportOptions {
  /** Who asks (any role); null for the command line. Admins (and the command line) get reviewers' email addresses. */
  user: CurrentUser | null;
  format: ExportFormat;
  /** One document; omitted: the whole corpus. */
  documentId?: string;
  /** Several chosen documents (tests, scripts); ignored when documentId is given. */
  documentIds?: string[];
  /** Public origin for the IRIs, e.g. "https://apparatus.example.org". */
  baseUrl: string;
  /** Default: true for admins and the command line. */
  includeEmails?: boolean;
  /** The export time (exportedAt, and the date in the file name); default now. The snapshot is taken at the first pull. */
  now?: Date;
}

/** Lower-case ASCII words joined by hyphens, for file names. */
export function slugify(title: string, max = 60): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, max).replace(/-+$/, "");
}

export function exportFilename(options: { format: ExportFormat; title?: string; documentId?: string; now: Date }): string {
  const name = options.documentId === undefined ? "corpus" : slugify(options.title ?? "") || slugify(options.documentId) || "document";
  return `apparatus-${name}-${options.format}-${options.now.toISOString().slice(0, 10)}.json`;
}

export const documentIri = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, "")}/documents/${encodeURIComponent(id)}`;

// ---------------------------------------------------------------------------------------------
// Serialising what the reader (sqlite-reader.ts: one snapshot, plain SQL) returns

function personOf(p: PersonRow, includeEmails: boolean): NativePerson {
  return includeEmails && p.email && !isPlaceholderEmail(p.email) ? { id: p.id, name: p.name, email: p.email } : { id: p.id, name: p.name };
}

const evidenceOf = (rows: AnnotationRow["evidence"]): EvidenceDTO[] =>
  rows.map((e) => ({ ...(e.citation ? { citation: e.citation } : {}), ...(e.url ? { url: e.url } : {}) }));

function toNative(a: AnnotationRow, includeEmails: boolean): NativeAnnotation {
  return {
    id: a.id,
    start: a.start,
    end: a.end,
    quote: a.quote,
    prefix: a.prefix,
    suffix: a.suffix,
    classification: a.classification as Classification,
    note: JSON.parse(a.note) as NoteDoc,
    noteText: a.noteText,
    evidence: evidenceOf(a.evidence),
    author: personOf(a.author, includeEmails),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
    replies: a.replies.map((r) => ({
      id: r.id,
      body: JSON.parse(r.body) as NoteDoc,
      bodyText: r.bodyText,
      author: personOf(r.author, includeEmails),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    verdicts: a.verdicts.map((v) => ({
      reviewer: personOf(v.reviewer, includeEmails),
      verdict: v.verdict as "agree" | "dispute",
      proposedClass: (v.proposedClass as Classification | null) ?? null,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    })),
  };
}

function* w3cItems(a: AnnotationRow, baseUrl: string): Generator<W3cAnnotation> {
  const ctx = { baseUrl, documentIri: (id: string) => documentIri(baseUrl, id) };
  const person = (p: PersonRow) => ({ id: p.id, name: p.name });
  yield toW3cAnnotation(
    {
      ...a,
      classification: a.classification as Classification,
      note: JSON.parse(a.note) as NoteDoc,
      evidence: evidenceOf(a.evidence),
      author: person(a.author),
    },
    ctx,
  );
  const iri = annotationIri(ctx, a.id);
  for (const r of a.replies) yield toW3cReply({ ...r, body: JSON.parse(r.body) as NoteDoc, author: person(r.author) }, iri, ctx);
  for (const v of a.verdicts) {
    yield toW3cVerdict(
      { ...v, verdict: v.verdict as "agree" | "dispute", proposedClass: (v.proposedClass as Classification | null) ?? null, reviewer: person(v.reviewer) },
      iri,
      ctx,
    );
  }
}

/** A document's annotations in document order, EXPORT_BATCH at a time. */
function* annotationsOf(reader: SqliteExportReader, documentId: string): Generator<AnnotationRow> {
  for (let after: AnnotationKey | null = null; ; ) {
    const page = reader.annotationsAfter(documentId, after, EXPORT_BATCH);
    yield* page.rows;
    if (page.rows.length < EXPORT_BATCH) return;
    after = page.last;
  }
}

interface StreamContext {
  selection: ExportSelection;
  stats: ExportStats;
  includeEmails: boolean;
  baseUrl: string;
  exportedAt: string;
}

const count = (stats: ExportStats, a: AnnotationRow) => {
  stats.annotations++;
  stats.replies += a.replies.length;
  stats.verdicts += a.verdicts.length;
};

// Both streams open their reader on the first pull (so a response that is never read holds no
// connection) and close it when done, failed or cancelled.
async function* nativeChunks(ctx: StreamContext): AsyncGenerator<string> {
  const reader = new SqliteExportReader();
  try {
    function* documents(): Generator<NativeDocumentSource> {
      for (const d of reader.documents(ctx.selection)) {
        ctx.stats.documents++;
        const meta: NativeDocumentMeta = { ...d, textSha256: d.textHash, text: reader.text(d.id) };
        function* annotations(): Generator<NativeAnnotation> {
          for (const a of annotationsOf(reader, d.id)) {
            count(ctx.stats, a);
            yield toNative(a, ctx.includeEmails);
          }
        }
        // summary left out: streamNativeExport computes it from the annotations as they pass
        yield { meta, annotations: annotations() };
      }
    }
    yield* streamNativeExport({ exportedAt: ctx.exportedAt, documents: documents() });
  } finally {
    reader.close();
  }
}

async function* w3cChunks(ctx: StreamContext & { collectionId: string; label: string }): AsyncGenerator<string> {
  const reader = new SqliteExportReader();
  try {
    // the collection announces its total first; the snapshot makes the items match it
    const { annotations, replies, verdicts } = reader.counts(ctx.selection);
    function* items(): Generator<W3cAnnotation> {
      for (const d of reader.documents(ctx.selection)) {
        ctx.stats.documents++;
        for (const a of annotationsOf(reader, d.id)) {
          count(ctx.stats, a);
          yield* w3cItems(a, ctx.baseUrl);
        }
      }
    }
    yield* streamW3cCollection({ collectionId: ctx.collectionId, label: ctx.label, total: annotations + replies + verdicts, items: items() });
  } finally {
    reader.close();
  }
}

/**
 * Checks what is asked (the document exists and is live) and returns the export as a stream of
 * string chunks plus its content type and file name. Nothing is read until the chunks are pulled,
 * and then one batch at a time, all from one snapshot of the database.
 */
export async function prepareExport(options: ExportOptions): Promise<PreparedExport> {
  const now = options.now ?? new Date();
  const includeEmails = options.includeEmails ?? (options.user === null || isAdmin(options.user));
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  let title: string | undefined;
  let selection: ExportSelection = {};
  if (options.documentId !== undefined) {
    const doc = await db.document.findFirst({ where: { id: options.documentId, deletedAt: null }, select: { id: true, title: true } });
    if (!doc) throw notFound("Document");
    title = doc.title;
    selection = { ids: [doc.id] };
  } else if (options.documentIds) {
    selection = { ids: options.documentIds };
  }
  const stats: ExportStats = { documents: 0, annotations: 0, replies: 0, verdicts: 0 };
  const ctx: StreamContext = { selection, stats, includeEmails, baseUrl, exportedAt: now.toISOString() };
  const filename = exportFilename({ format: options.format, title, documentId: options.documentId, now });
  const base = { format: options.format, contentType: EXPORT_CONTENT_TYPES[options.format], filename, stats };
  if (options.format === "native") return { ...base, chunks: nativeChunks(ctx) };
  const collectionId =
    options.documentId !== undefined
      ? `${baseUrl}/api/documents/${encodeURIComponent(options.documentId)}/export?format=w3c`
      : `${baseUrl}/api/export?format=w3c`;
  const label = title !== undefined ? `Apparatus: ${title}` : "Apparatus corpus";
  return { ...base, chunks: w3cChunks({ ...ctx, collectionId, label }) };
}

/** A pull-based byte stream of the chunks: the next batch is read only when the client has taken the last. */
export function toReadableStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: IteratorResult<string>;
        try {
          next = await chunks.next();
        } catch (error) {
          // The headers are gone already: all we can do is end the download as failed, never as complete.
          console.error("Export failed while streaming:", error);
          throw error;
        }
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The streamed HTTP response of an export, as an attachment. */
export function exportResponse(prepared: PreparedExport): Response {
  return new Response(toReadableStream(prepared.chunks), {
    status: 200,
    headers: {
      "content-type": prepared.contentType,
      "content-disposition": `attachment; filename="${prepared.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
