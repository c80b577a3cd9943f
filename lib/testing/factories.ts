// Test data through the real services (used by DB-backed unit tests on the throw-away database).
import crypto from "node:crypto";
import { insertUser } from "@/lib/users/store";
import { createDocument } from "@/lib/documents/service";
import { AppError } from "@/lib/errors";
import type { CurrentUser, Role } from "@/lib/auth/roles";

export async function makeUser(role: Role = "reviewer", name = "Test Reviewer"): Promise<CurrentUser> {
  const email = `${crypto.randomUUID()}@test.apparatus`;
  // A well-formed hash whose password nobody knows: an account with a password, as people made by an admin are.
  const user = await insertUser({ email, name, role, passwordHash: "scrypt$16384$8$1$c2FsdA==$a2V5" });
  return { id: user.id, email, name, role, via: "session" };
}

export async function makeDocument(text: string, title = "Test document") {
  // A unique title suffix keeps repeated texts apart; duplicate texts are refused by design.
  return createDocument({ text, metadata: { title, kind: "other", publisher: null, author: null, publishedAt: null, sourceUrl: null } });
}

/**
 * A seed text shared by several test files on one database: created here, or the live document another
 * file created first (found by the duplicate check itself, so two files creating it at once both succeed).
 */
export async function sharedDocument(text: string, title: string, kind: Parameters<typeof createDocument>[0]["metadata"]["kind"] = "other"): Promise<{ id: string }> {
  try {
    return await createDocument({ text, metadata: { title, kind } });
  } catch (error) {
    const existingId = (error as AppError).code === "CONFLICT" ? ((error as AppError).details as { existingId?: string } | undefined)?.existingId : undefined;
    if (existingId) return { id: existingId };
    throw error;
  }
}

/**
 * `count` orphaned annotations as rows for `createMany` (a version that orphans hundreds would take long
 * through the app): sourced, by the two authors in turn, one a millisecond from `at`, the n-th positioned
 * at n (their order); `over` sets the rest (`anchorDetail` at least).
 */
export function orphanRows(
  options: { prefix: string; documentId: string; count: number; at: number; authors: readonly [{ id: string }, { id: string }] },
  over: (i: number) => { classification?: "sourced" | "contested" | "opinion"; anchorDetail: string },
) {
  const { prefix, documentId, count, at, authors } = options;
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${documentId.slice(-8)}-${String(i).padStart(4, "0")}`,
    documentId,
    authorId: authors[i % 2].id,
    start: i,
    end: i + 3,
    quote: "gone",
    prefix: "",
    suffix: "",
    classification: "sourced" as "sourced" | "contested" | "opinion",
    note: JSON.stringify({ type: "doc", content: [] }),
    noteText: "",
    createdAt: new Date(at + i),
    updatedAt: new Date(at + i),
    anchorState: "orphaned",
    anchorVersion: 1,
    ...over(i),
  }));
}
