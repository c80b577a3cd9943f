// Helpers of the history tests (history-*.test.ts): a source state built through the services, exported, imported, exported again.
import crypto from "node:crypto";
import { db } from "@/lib/testing/db";
import type { CurrentUser, Role } from "@/lib/auth/roles";
import { prepareExport } from "@/lib/export/service";
import type { NativeExport } from "@/lib/export/native";
import { collectText } from "./db-state";
import { importFile, type ImportReport } from "../service";
import { AppError } from "@/lib/errors";
import { listVersions, findDocumentVersion, diffVersions } from "@/lib/documents/versions";
import { listDocumentAnnotations } from "@/lib/annotations/anchoring";
import { findAnnotationHistory } from "@/lib/annotations/service";

export const BASE = "https://apparatus.test";
export const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
export const strip = (s: string) => s.replace(/"exportedAt":"[^"]+"/, '"exportedAt":""');

export async function person(role: Role, name: string): Promise<CurrentUser> {
  const email = `${crypto.randomUUID().slice(0, 8)}@history.test`;
  const row = await db.user.create({ data: { email, name, role, passwordHash: "scrypt$unused" } });
  return { id: row.id, email, name, role, via: "session" };
}

export async function exportDoc(id: string): Promise<string> {
  const prepared = await prepareExport({ user: null, format: "native", documentId: id, baseUrl: BASE });
  return collectText(prepared.chunks);
}
export const parse = (s: string) => JSON.parse(s) as NativeExport;

/** Export, hard-delete the document (cascade), import the file, export again. */
export async function roundTrip(id: string, actor: CurrentUser | null = null) {
  const f1 = await exportDoc(id);
  await db.document.delete({ where: { id } });
  const report = await importFile({ actor, bytes: enc(f1) });
  const newId = report.documents.list[0]?.id ?? id;
  const f2 = await exportDoc(newId);
  return { f1, f2, report, id: newId };
}

export async function importJson(file: unknown, actor: CurrentUser | null = null): Promise<{ report?: ImportReport; error?: unknown }> {
  try {
    return { report: await importFile({ actor, bytes: enc(file) }) };
  } catch (error) {
    return { error };
  }
}

export function isClientError(e: unknown) {
  return e instanceof AppError;
}

/** What the versions page calls, for every version (and each neighbouring diff). */
export async function renderVersionsPage(documentId: string) {
  const { versions, document } = await listVersions({ documentId });
  const out: Array<{ number: number; annotations: number }> = [];
  const numbers = versions.map((v) => v.number).sort((a, b) => a - b);
  for (const n of numbers) {
    const v = await findDocumentVersion({ documentId, number: n });
    const list = await listDocumentAnnotations({ documentId, query: { version: n } as never });
    // every placed annotation's quote must be what the version's text has at its offsets
    const cps = [...v.text];
    for (const a of list.annotations) {
      if (a.start === null || a.end === null) continue;
      const got = cps.slice(a.start, a.end).join("");
      if (got !== a.quote) throw new Error(`version ${n}: annotation ${a.id} quote ${JSON.stringify(a.quote)} but text has ${JSON.stringify(got)}`);
    }
    out.push({ number: n, annotations: list.annotations.length });
  }
  for (let k = 1; k < numbers.length; k++) await diffVersions({ documentId, from: numbers[k - 1], to: numbers[k] });
  for (const a of (await listDocumentAnnotations({ documentId, query: {} as never })).annotations) await findAnnotationHistory({ id: a.id });
  return { document, versions: out };
}

export async function counts(documentId: string) {
  const annotations = await db.annotation.findMany({ where: { documentId }, select: { id: true } });
  const ids = annotations.map((a) => a.id);
  return {
    versions: await db.documentVersion.count({ where: { documentId } }),
    annotations: ids.length,
    placements: await db.annotationPlacement.count({ where: { annotationId: { in: ids } } }),
    revisions: await db.annotationRevision.count({ where: { annotationId: { in: ids } } }),
    structures: await db.documentStructure.count({ where: { documentId } }),
  };
}

/** First differing position of two strings, with context. */
export function firstDiff(a: string, b: string) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i >= a.length && i >= b.length ? null : { at: i, a: a.slice(Math.max(0, i - 150), i + 150), b: b.slice(Math.max(0, i - 150), i + 150) };
}
