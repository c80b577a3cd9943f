// The in-process half of the benchmark: the app's own services called directly through tsx (with the
// react-server condition, as the app's scripts run), on the bench database named by DATABASE_URL.
// scripts/bench.mjs runs one command per child process and reads the JSON printed on the last line.
//
//   segments <documentId>                     paragraphs and highlights the reader must draw
//   long-document <codePoints>                a document of about that many code points (the seeds, repeated)
//   long-documents <count> <codePoints>       that many more, each text its own (figure 8)
//   creates  <documentId> <userEmail> <file>  createAnnotation for each input in the JSON file, one after another
//   prisma-creates <documentId> <userEmail> <file>  the same creates through the Prisma client (see below)
//   summary  <documentId> <runs>              computeSummary (cold, then warm runs), summarizeDocument (kept), and a miss
//   import   <file>                           importFromPath of an export file (the npm run import path)
//   export   <native|w3c>                     prepareExport of the corpus, every chunk pulled (no HTTP)
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { db } from "@/lib/testing/db";
import type { Prisma } from "@/generated/prisma/client";
import { asRole, type CurrentUser } from "@/lib/auth/roles";
import { CodePointIndex, cpLength } from "@/lib/anchoring/codepoints";
import { paragraphs, splitDocument } from "@/lib/anchoring/segments";
import { createDocument } from "@/lib/documents/service";
import { createAnnotation, parseNoteInput } from "@/lib/annotations/service";
import type { AnnotationDTO } from "@/lib/annotations/types";
import type { NoteDoc } from "@/lib/notes/schema";
import { validateSpan } from "@/lib/anchoring/quote";
import { publish } from "@/lib/events/bus";
import type { CreateAnnotationInput } from "@/lib/annotations/schemas";
import { computeSummary, computeSummaryWithStrip, effectiveClassStrip, type Classification, type SummaryAnnotation } from "@/lib/summary/summary";
import { findSummaryRows } from "@/lib/annotations/store";
import { findDocumentRecord } from "@/lib/documents/store";
import { summarizeDocument } from "@/lib/summary/service";
import { importFromPath, importHadProblems } from "@/lib/import/service";
import { ImportHelper } from "@/lib/import/helper";
import { prepareExport, type ExportFormat } from "@/lib/export/service";

const ms = (t0: number) => performance.now() - t0;
// CPU time used since c0 (user + system): what the work costs, whatever else runs on the machine.
const cpuMsSince = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

async function segments(documentId: string) {
  const doc = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { text: true } });
  const spans = await db.annotation.findMany({ where: { documentId, deletedAt: null }, select: { id: true, start: true, end: true } });
  const paras = splitDocument(new CodePointIndex(doc.text), spans);
  return {
    paragraphs: paras.length,
    // The reader draws one highlight (a CSS Custom Highlight range) per annotation.
    highlights: spans.filter((s) => s.start < s.end).length,
    // Stretches covered by a different set of annotations: what the reader used to render as elements.
    highlighted: paras.reduce((n, p) => n + p.segments.filter((s) => s.ids.length > 0).length, 0),
  };
}

/**
 * A long document through the app's own createDocument: the five largest seed texts one after another,
 * numbered, until `codePoints`; `copy` > 0 makes another text of the same kind (its own first line, the
 * seeds in another order).
 */
async function longDocument(codePoints: number, copy = 0) {
  const seeds = await db.document.findMany({ where: { deletedAt: null, title: { not: { startsWith: "Long benchmark document" } } }, select: { text: true }, orderBy: { length: "desc" }, take: 5 });
  const parts: string[] = copy ? [`Copy ${copy}\n\n`] : [];
  let length = 0;
  for (let i = 0; length < codePoints; i++) {
    const part = `Part ${i + 1}\n\n${seeds[(i + copy) % seeds.length].text.trim()}\n\n`;
    parts.push(part);
    length += cpLength(part);
  }
  const text = parts.join("").trim();
  const doc = await createDocument({
    text,
    metadata: { title: `Long benchmark document (${codePoints} code points)${copy ? `, copy ${copy}` : ""}`, kind: "other", publisher: null, author: null, publishedAt: null, sourceUrl: null },
  });
  return { id: doc.id, title: doc.title, length: doc.length, bytes: Buffer.byteLength(text), paragraphs: paragraphs(text).length };
}

async function creates(documentId: string, email: string, file: string) {
  const row = await db.user.findUniqueOrThrow({ where: { email } });
  const user: CurrentUser = { id: row.id, email: row.email, name: row.name, role: asRole(row.role), via: "token" };
  const inputs = JSON.parse(fs.readFileSync(file, "utf8")) as CreateAnnotationInput[];
  // Warm-up: the first create pays for opening the database and caching the text's code point index.
  await createAnnotation({ user, documentId, input: inputs[0] });
  const latencies: number[] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const input of inputs.slice(1)) {
    const t = performance.now();
    await createAnnotation({ user, documentId, input });
    latencies.push(ms(t));
  }
  return { n: latencies.length, totalMs: ms(t0), cpuMs: cpuMsSince(c0), latencies };
}

// The include createAnnotation answered with while it wrote through Prisma (lib/annotations/service.ts).
const annotationInclude = {
  author: { select: { id: true, name: true } },
  evidence: { orderBy: { position: "asc" as const } },
  verdicts: { include: { reviewer: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" as const } },
  _count: { select: { replies: { where: { deletedAt: null } } } },
};

type PrismaAnnotation = Prisma.AnnotationGetPayload<{ include: typeof annotationInclude }>;

// The answer's DTO from the Prisma row, as the service built it then (kept here so the bench does not
// depend on the service's internals).
function toDto(a: PrismaAnnotation): AnnotationDTO {
  return {
    id: a.id,
    documentId: a.documentId,
    start: a.start,
    end: a.end,
    quote: a.quote,
    prefix: a.prefix,
    suffix: a.suffix,
    classification: a.classification as Classification,
    note: JSON.parse(a.note) as NoteDoc,
    noteText: a.noteText,
    evidence: a.evidence.map((e) => ({ ...(e.citation ? { citation: e.citation } : {}), ...(e.url ? { url: e.url } : {}) })),
    author: a.author,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    version: a.version,
    suggestion: a.suggestionKind ? { kind: a.suggestionKind as "likely-sourced", reason: a.suggestionReason ?? "" } : null,
    agrees: a.verdicts.filter((v) => v.verdict === "agree").length,
    disputes: a.verdicts.filter((v) => v.verdict === "dispute" && !v.resolvedAt).length,
    replyCount: a._count.replies,
    verdicts: a.verdicts.map((v) => ({
      reviewer: v.reviewer,
      verdict: v.verdict as "agree" | "dispute",
      proposedClass: (v.proposedClass as Classification | null) ?? null,
      status: v.resolvedAt ? ("resolved" as const) : ("open" as const),
      resolvedAt: v.resolvedAt?.toISOString() ?? null,
      resolution: (v.resolution as "adopted" | "ruled" | null) ?? null,
      createdAt: v.createdAt.toISOString(),
      updatedAt: v.updatedAt.toISOString(),
    })),
    ruling: null, // a new annotation has none
    anchor: { state: "exact", version: 1 },
  };
}

/**
 * createAnnotation as it was written with Prisma (before the create moved to plain SQL in
 * lib/annotations/store.ts): the same validation, then one interactive transaction that creates the
 * annotation with its evidence, reads it back with its relations, appends the live event and touches
 * the document. Everything but the data layer is the service's own code.
 */
async function prismaCreates(documentId: string, email: string, file: string) {
  const row = await db.user.findUniqueOrThrow({ where: { email } });
  const inputs = JSON.parse(fs.readFileSync(file, "utf8")) as CreateAnnotationInput[];
  const doc = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { text: true } });
  const index = new CodePointIndex(doc.text);
  const create = async (input: CreateAnnotationInput) => {
    const span = validateSpan(index, input.start, input.end, input.quote);
    if (!span.ok) throw new Error(span.message);
    const { note, noteText } = parseNoteInput(input.note);
    const { event } = await db.$transaction(async (tx) => {
      const created = await tx.annotation.create({
        data: {
          documentId,
          authorId: row.id,
          start: input.start,
          end: input.end,
          quote: span.quote,
          prefix: span.prefix,
          suffix: span.suffix,
          classification: input.classification,
          note: JSON.stringify(note),
          noteText,
          evidence: { create: input.evidence.map((e, position) => ({ position, citation: e.citation ?? null, url: e.url ?? null })) },
        },
        include: annotationInclude,
      });
      const dto = toDto(created);
      const stored = await tx.documentEvent.create({ data: { documentId, type: "annotation.created", payload: JSON.stringify({ id: dto.id }) } });
      await tx.document.update({ where: { id: documentId }, data: { lastActivityAt: stored.createdAt } });
      // previousId: no stream is open in this process, so publish hands nothing over and reads nothing.
      return { event: { id: stored.id, documentId, type: "annotation.created" as const, payload: { annotation: dto }, previousId: 0 } };
    });
    publish(event);
  };
  await create(inputs[0]); // warm-up
  const latencies: number[] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const input of inputs.slice(1)) {
    const t = performance.now();
    await create(input);
    latencies.push(ms(t));
  }
  return { n: latencies.length, totalMs: ms(t0), cpuMs: cpuMsSince(c0), latencies };
}

async function summary(documentId: string, runs: number) {
  // Load as lib/summary/service.ts does (the store's rows: annotations with their open disputes, live
  // replies and rulings), then time the pure part. Objects built otherwise, e.g. by spreading Prisma's
  // rows and overriding a field, nearly each get a hidden class of their own (9,991 changes over 10,000
  // rows), which makes every field read several times slower than on the service's rows.
  let t = performance.now();
  const doc = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { length: true } });
  const annotations: SummaryAnnotation[] = await findSummaryRows([documentId]);
  const loadMs = ms(t);
  const input = { documentId, length: doc.length, annotations };
  t = performance.now();
  const result = computeSummary(input);
  const coldMs = ms(t);
  const warm: number[] = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    computeSummary(input);
    warm.push(ms(t));
  }
  const warmCpuMs = cpuMsSince(c0) / runs;
  const strip: number[] = [];
  for (let i = 0; i < Math.min(runs, 5); i++) {
    t = performance.now();
    effectiveClassStrip({ length: doc.length, annotations });
    strip.push(ms(t));
  }
  // The whole service call the API route makes, warm: its summary is kept until the document changes,
  // so these are cache hits (the stamp's queries).
  const service: number[] = [];
  await summarizeDocument(documentId);
  for (let i = 0; i < Math.min(runs, 10); i++) {
    t = performance.now();
    await summarizeDocument(documentId);
    service.push(ms(t));
  }
  // What a miss costs (the document changed): the queries + summary + strip, as the service makes them.
  const serviceMiss: number[] = [];
  for (let i = 0; i < Math.min(runs, 10); i++) {
    t = performance.now();
    const head = await findDocumentRecord(documentId);
    computeSummaryWithStrip({ documentId, length: head!.length, annotations: await findSummaryRows([documentId]) });
    serviceMiss.push(ms(t));
  }
  return {
    annotations: annotations.length,
    reviewers: result.reviewers,
    coverage: result.coverage,
    reliability: result.reliability,
    agreement: result.agreement,
    loadMs,
    coldMs,
    warmCpuMs,
    warm,
    strip,
    service,
    serviceMiss,
  };
}

/** This process's resident memory now (VmRSS) and at its peak so far (VmHWM), in bytes. */
function memory(): { rss: number; peak: number } {
  const status = fs.readFileSync("/proc/self/status", "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

async function importCommand(file: string) {
  // Modules are loaded and the database opened before the clock starts, as in a running server.
  await db.user.count();
  // The peak (VmHWM) is reset to the resident size now, so it is the import's own peak.
  fs.writeFileSync("/proc/self/clear_refs", "5");
  const before = memory();
  const t = performance.now();
  const c0 = process.cpuUsage();
  // with the thread that reads annotations while the import writes, as npm run import has it
  const helper = new ImportHelper();
  const report = await importFromPath({ actor: null, path: file, source: file, helper });
  await helper.close();
  const totalMs = ms(t);
  const peak = memory().peak;
  return {
    rssBefore: before.rss,
    rssPeak: peak,
    rssGrowth: peak - before.rss,
    bytes: fs.statSync(file).size,
    totalMs,
    cpuMs: cpuMsSince(c0),
    problems: importHadProblems(report),
    documents: report.documents.created + report.documents.matched,
    annotations: report.annotations,
    unplaced: report.annotations.unplaced.length,
    replies: report.replies.created,
    verdicts: report.verdicts.created,
    people: report.people,
    warnings: report.warnings.slice(0, 5),
  };
}

async function exportCommand(format: ExportFormat) {
  await db.user.count(); // modules loaded and the database opened before the clock starts
  const prepared = await prepareExport({ user: null, format, baseUrl: "https://bench.example.org" });
  const t = performance.now();
  const c0 = process.cpuUsage();
  let bytes = 0;
  for await (const chunk of prepared.chunks) bytes += chunk.length;
  const totalMs = ms(t);
  return { format, ...prepared.stats, chars: bytes, ms: totalMs, cpuMs: cpuMsSince(c0), perSecond: Math.round((prepared.stats.annotations / totalMs) * 1000), rssPeak: memory().peak };
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  let out: unknown;
  if (command === "segments") out = await segments(args[0]);
  else if (command === "long-document") out = await longDocument(Number(args[0]));
  else if (command === "long-documents") {
    const made = [];
    for (let copy = 1; copy <= Number(args[0]); copy++) made.push(await longDocument(Number(args[1]), copy));
    out = made;
  }
  else if (command === "creates") out = await creates(args[0], args[1], args[2]);
  else if (command === "prisma-creates") out = await prismaCreates(args[0], args[1], args[2]);
  else if (command === "summary") out = await summary(args[0], Number(args[1] ?? 20));
  else if (command === "import") out = await importCommand(args[0]);
  else if (command === "export") out = await exportCommand(args[0] as ExportFormat);
  else throw new Error(`unknown command ${command}`);
  // Drop the unused part of the report lists so the line stays small.
  if (out && typeof out === "object" && "annotations" in out && typeof (out as { annotations: unknown }).annotations === "object") {
    const a = (out as { annotations: { unplaced?: unknown } }).annotations;
    delete a.unplaced;
  }
  console.log(JSON.stringify(out));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
