import "server-only";
// Documents: the immutable texts reviewers annotate, with their metadata.
import crypto from "node:crypto";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { DocumentMetadata } from "./schemas";

export const textHash = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const countWords = (text: string) => (text.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu) ?? []).length;
const codePoints = (text: string) => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

export async function createDocument(options: { text: string; metadata: DocumentMetadata; createdById?: string | null }) {
  const { text, metadata } = options;
  const hash = textHash(text);
  const existing = await db.document.findFirst({ where: { textHash: hash, deletedAt: null }, select: { id: true, title: true } });
  if (existing) {
    throw new AppError("CONFLICT", `This text is already in the library as “${existing.title}”.`, { existingId: existing.id });
  }
  return db.document.create({
    data: {
      ...metadata,
      text,
      textHash: hash,
      length: codePoints(text),
      words: countWords(text),
      createdById: options.createdById ?? null,
    },
    omit: { text: true },
  });
}

export async function listDocuments() {
  const docs = await db.document.findMany({
    where: { deletedAt: null },
    omit: { text: true },
    orderBy: { title: "asc" },
    include: { _count: { select: { annotations: { where: { deletedAt: null } } } } },
  });
  return docs;
}

export async function findDocument(id: string) {
  const doc = await db.document.findFirst({ where: { id, deletedAt: null } });
  if (!doc) throw notFound("Document");
  return doc;
}
