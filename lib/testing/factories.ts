// Test data through the real services (used by DB-backed unit tests on the throw-away database).
import crypto from "node:crypto";
import { insertUser } from "@/lib/users/store";
import { createDocument } from "@/lib/documents/service";
import type { CurrentUser, Role } from "@/lib/auth/roles";

export async function makeUser(role: Role = "reviewer", name = "Test Reviewer"): Promise<CurrentUser> {
  const email = `${crypto.randomUUID()}@test.apparatus`;
  const user = await insertUser({ email, name, role, passwordHash: "scrypt$unused" });
  return { id: user.id, email, name, role, via: "session" };
}

export async function makeDocument(text: string, title = "Test document") {
  // A unique title suffix keeps repeated texts apart; duplicate texts are refused by design.
  return createDocument({ text, metadata: { title, kind: "other", publisher: null, author: null, publishedAt: null, sourceUrl: null } });
}
