import "server-only";
// Exports from the database: one document or the corpus, native or W3C, read in batches (a fixed
// number of queries per 2,000 annotations, never one per annotation and never the whole corpus at
// once) and serialised by the streaming writers in native.ts / w3c.ts. Every signed-in role may export.
import { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { isAdmin, type CurrentUser } from "@/lib/auth/roles";
import type { Classification, EvidenceDTO } from "@/lib/annotations/types";
import type { NoteDoc } from "@/lib/notes/schema";
import { isPlaceholderEmail } from "@/lib/import/placeholder";
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

/** Annotations read per query; their replies and verdicts come in one query each per batch. */
export const EXPORT_BATCH = 2000;
const DOCUMENT_BATCH = 200;
const IN_LIMIT = 900;

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
  /** The export's moment (also its snapshot time); default now. */
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
// Reading. Everything is read "as of" the export's moment T: rows created after T are left out and
// rows deleted after T are kept, so a W3C collection's announced total still holds when reviewers
// add or delete annotations while a large export streams.

type Snapshot = { at: Date };

// Strictly before T: a row written in T's own millisecond, before or after the W3C count, is out of both.
const liveAt = (s: Snapshot) => ({ createdAt: { lt: s.at }, OR: [{ deletedAt: null }, { deletedAt: { gte: s.at } }] });

function documentWhere(s: Snapshot, selection: { ids?: string[] }) {
  return { ...liveAt(s), ...(selection.ids ? { id: { in: selection.ids } } : {}) };
}

const annotationWhere = (s: Snapshot, documentId: string) => ({ documentId, ...liveAt(s) });

const personSelect = { id: true, name: true, email: true } as const;

const annotationSelect = {
  id: true,
  documentId: true,
  start: true,
  end: true,
  quote: true,
  prefix: true,
  suffix: true,
  classification: true,
  note: true,
  noteText: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  author: { select: personSelect },
  evidence: { select: { citation: true, url: true }, orderBy: { position: "asc" as const } },
} as const;

type DbPerson = { id: string; name: string; email: string };

interface LoadedReply {
  id: string;
  annotationId: string;
  body: NoteDoc;
  bodyText: string;
  author: DbPerson;
  createdAt: Date;
  updatedAt: Date;
}

interface LoadedVerdict {
  annotationId: string;
  reviewer: DbPerson;
  verdict: "agree" | "dispute";
  proposedClass: Classification | null;
  createdAt: Date;
  updatedAt: Date;
}

interface LoadedAnnotation {
  id: string;
  documentId: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  classification: Classification;
  note: NoteDoc;
  noteText: string;
  evidence: EvidenceDTO[];
  author: DbPerson;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  replies: LoadedReply[];
  verdicts: LoadedVerdict[];
}

const evidenceOf = (rows: Array<{ citation: string | null; url: string | null }>): EvidenceDTO[] =>
  rows.map((e) => ({ ...(e.citation ? { citation: e.citation } : {}), ...(e.url ? { url: e.url } : {}) }));

function groupBy<T extends { annotationId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.annotationId);
    if (list) list.push(row);
    else map.set(row.annotationId, [row]);
  }
  return map;
}

/** A document's annotations in document order, with replies and verdicts, EXPORT_BATCH at a time. */
async function* annotationBatches(s: Snapshot, documentId: string): AsyncGenerator<LoadedAnnotation[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.annotation.findMany({
      where: annotationWhere(s, documentId),
      select: annotationSelect,
      // start, longer spans first, then age; the id makes the order total, so the cursor is exact
      orderBy: [{ start: "asc" }, { end: "desc" }, { createdAt: "asc" }, { id: "asc" }],
      take: EXPORT_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const replies: Array<Omit<LoadedReply, "body"> & { body: string }> = [];
    const verdicts: Array<Omit<LoadedVerdict, "verdict" | "proposedClass"> & { verdict: string; proposedClass: string | null }> = [];
    // SQLite takes 999 parameters per statement, so the `in` lists go in slices
    for (let i = 0; i < ids.length; i += IN_LIMIT) {
      const slice = ids.slice(i, i + IN_LIMIT);
      const [r, v] = await Promise.all([
        db.reply.findMany({
          where: { annotationId: { in: slice }, ...liveAt(s) },
          select: { id: true, annotationId: true, body: true, bodyText: true, createdAt: true, updatedAt: true, author: { select: personSelect } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        }),
        db.verdict.findMany({
          where: { annotationId: { in: slice }, createdAt: { lt: s.at } },
          select: {
            annotationId: true,
            verdict: true,
            proposedClass: true,
            createdAt: true,
            updatedAt: true,
            reviewer: { select: personSelect },
          },
          // reviewer ids survive an import (verdict ids do not), so ties sort the same after a round trip
          orderBy: [{ createdAt: "asc" }, { reviewerId: "asc" }],
        }),
      ]);
      replies.push(...r);
      verdicts.push(...v);
    }
    const repliesBy = groupBy(
      replies.map((r) => ({ ...r, body: JSON.parse(r.body) as NoteDoc })),
    );
    const verdictsBy = groupBy(
      verdicts.map((v) => ({
        ...v,
        verdict: v.verdict as "agree" | "dispute",
        proposedClass: (v.proposedClass as Classification | null) ?? null,
      })),
    );
    yield rows.map((r) => ({
      ...r,
      classification: r.classification as Classification,
      note: JSON.parse(r.note) as NoteDoc,
      evidence: evidenceOf(r.evidence),
      replies: repliesBy.get(r.id) ?? [],
      verdicts: verdictsBy.get(r.id) ?? [],
    }));
    if (rows.length < EXPORT_BATCH) return;
    cursor = rows[rows.length - 1].id;
  }
}

const documentSelect = {
  id: true,
  title: true,
  kind: true,
  publisher: true,
  author: true,
  publishedAt: true,
  sourceUrl: true,
  createdAt: true,
  textHash: true,
  length: true,
} as const;

/** Documents (metadata, no text) in the order they were added. */
async function* documentsOf(s: Snapshot, selection: { ids?: string[] }) {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.document.findMany({
      where: documentWhere(s, selection),
      select: documentSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: DOCUMENT_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    yield* rows;
    if (rows.length < DOCUMENT_BATCH) return;
    cursor = rows[rows.length - 1].id;
  }
}

// ---------------------------------------------------------------------------------------------
// Serialising

function personOf(p: DbPerson, includeEmails: boolean): NativePerson {
  return includeEmails && p.email && !isPlaceholderEmail(p.email) ? { id: p.id, name: p.name, email: p.email } : { id: p.id, name: p.name };
}

function toNative(a: LoadedAnnotation, includeEmails: boolean): NativeAnnotation {
  const iso = (d: Date) => d.toISOString();
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
    evidence: a.evidence,
    author: personOf(a.author, includeEmails),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    version: a.version,
    replies: a.replies.map((r) => ({
      id: r.id,
      body: r.body,
      bodyText: r.bodyText,
      author: personOf(r.author, includeEmails),
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    })),
    verdicts: a.verdicts.map((v) => ({
      reviewer: personOf(v.reviewer, includeEmails),
      verdict: v.verdict,
      proposedClass: v.proposedClass,
      createdAt: iso(v.createdAt),
      updatedAt: iso(v.updatedAt),
    })),
  };
}

function* w3cItems(a: LoadedAnnotation, baseUrl: string): Generator<W3cAnnotation> {
  const ctx = { baseUrl, documentIri: (id: string) => documentIri(baseUrl, id) };
  const iso = (d: Date) => d.toISOString();
  const person = (p: DbPerson) => ({ id: p.id, name: p.name });
  yield toW3cAnnotation({ ...a, author: person(a.author), createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt) }, ctx);
  const iri = annotationIri(ctx, a.id);
  for (const r of a.replies) yield toW3cReply({ ...r, author: person(r.author), createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) }, iri, ctx);
  for (const v of a.verdicts) yield toW3cVerdict({ ...v, reviewer: person(v.reviewer), createdAt: iso(v.createdAt), updatedAt: iso(v.updatedAt) }, iri, ctx);
}

/**
 * Checks what is asked (the document exists and is live) and returns the export as a stream of
 * string chunks plus its content type and file name. Nothing is read beyond a count until the
 * chunks are pulled, and then only one batch at a time.
 */
export async function prepareExport(options: ExportOptions): Promise<PreparedExport> {
  const now = options.now ?? new Date();
  const snapshot: Snapshot = { at: now };
  const includeEmails = options.includeEmails ?? (options.user === null || isAdmin(options.user));
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  let title: string | undefined;
  let selection: { ids?: string[] } = {};
  if (options.documentId !== undefined) {
    const doc = await db.document.findFirst({ where: { id: options.documentId, deletedAt: null }, select: { id: true, title: true } });
    if (!doc) throw notFound("Document");
    title = doc.title;
    selection = { ids: [doc.id] };
  } else if (options.documentIds) {
    selection = { ids: options.documentIds };
  }
  const stats: ExportStats = { documents: 0, annotations: 0, replies: 0, verdicts: 0 };
  const count = (a: LoadedAnnotation) => {
    stats.annotations++;
    stats.replies += a.replies.length;
    stats.verdicts += a.verdicts.length;
  };
  const filename = exportFilename({ format: options.format, title, documentId: options.documentId, now });
  const base = { format: options.format, contentType: EXPORT_CONTENT_TYPES[options.format], filename, stats };

  if (options.format === "native") {
    async function* documents(): AsyncGenerator<NativeDocumentSource> {
      for await (const d of documentsOf(snapshot, selection)) {
        // the text alone, one document at a time (up to 5 MB each)
        const row = await db.document.findUnique({ where: { id: d.id }, select: { text: true } });
        if (!row) continue;
        stats.documents++;
        const meta: NativeDocumentMeta = {
          id: d.id,
          title: d.title,
          kind: d.kind,
          publisher: d.publisher,
          author: d.author,
          publishedAt: d.publishedAt,
          sourceUrl: d.sourceUrl,
          createdAt: d.createdAt.toISOString(),
          textSha256: d.textHash,
          length: d.length,
          text: row.text,
        };
        async function* annotations(): AsyncGenerator<NativeAnnotation> {
          for await (const batch of annotationBatches(snapshot, d.id)) {
            for (const a of batch) {
              count(a);
              yield toNative(a, includeEmails);
            }
          }
        }
        // summary left out: streamNativeExport computes it from the annotations as they pass
        yield { meta, annotations: annotations() };
      }
    }
    return { ...base, chunks: streamNativeExport({ exportedAt: now.toISOString(), documents: documents() }) };
  }

  // W3C: the collection announces its total before the first item, so count first (same snapshot).
  const annotationFilter = { ...liveAt(snapshot), document: documentWhere(snapshot, selection) };
  const [annotations, replies, verdicts] = await Promise.all([
    db.annotation.count({ where: annotationFilter }),
    db.reply.count({ where: { ...liveAt(snapshot), annotation: annotationFilter } }),
    db.verdict.count({ where: { createdAt: { lt: snapshot.at }, annotation: annotationFilter } }),
  ]);
  async function* items(): AsyncGenerator<W3cAnnotation> {
    for await (const d of documentsOf(snapshot, selection)) {
      stats.documents++;
      for await (const batch of annotationBatches(snapshot, d.id)) {
        for (const a of batch) {
          count(a);
          yield* w3cItems(a, baseUrl);
        }
      }
    }
  }
  const collectionId =
    options.documentId !== undefined
      ? `${baseUrl}/api/documents/${encodeURIComponent(options.documentId)}/export?format=w3c`
      : `${baseUrl}/api/export?format=w3c`;
  return {
    ...base,
    chunks: streamW3cCollection({
      collectionId,
      label: title !== undefined ? `Apparatus: ${title}` : "Apparatus corpus",
      total: annotations + replies + verdicts,
      items: items(),
    }),
  };
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
