import { describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { AppError } from "@/lib/errors";
import { hashApiToken, requireApiUser, userFromRequest } from "@/lib/auth/session";
import { makeUser } from "@/lib/testing/factories";
import { createTokenSchema, DEFAULT_TOKEN_DAYS } from "./schemas";
import { createToken, listTokens, revokeToken } from "./service";

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
}

const bearer = (secret: string) => new Request("http://localhost/api/me", { headers: { authorization: `Bearer ${secret}` } });

describe("personal API tokens", () => {
  it("returns the secret once and stores only its SHA-256 and a short prefix", async () => {
    const user = await makeUser("reviewer");
    const { token, secret } = await createToken({ user, name: "  export script ", ip: "10.1.1.1" });
    expect(secret).toMatch(/^apx_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: "export script", prefix: secret.slice(0, 12), revokedAt: null, status: "active" });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, omit: { tokenHash: false } });
    expect(row.tokenHash).toBe(hashApiToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(await listTokens({ user }))).not.toContain(secret);
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "token_created", targetId: user.id } });
    expect(event).toMatchObject({ actorId: user.id, ip: "10.1.1.1" });
    expect(JSON.parse(event.detail!)).toMatchObject({ tokenId: token.id, name: "export script", prefix: token.prefix });
    expect(event.detail).not.toContain(secret);
  });

  it("expires after 90 days when no expiry is given; only an explicit null makes a token that never expires", async () => {
    const user = await makeUser();
    const days = (iso: string | null) => (Date.parse(iso!) - Date.now()) / 86_400_000;
    const { token: byDefault } = await createToken({ user, name: "default" });
    expect(days(byDefault.expiresAt)).toBeGreaterThan(DEFAULT_TOKEN_DAYS - 0.01);
    expect(days(byDefault.expiresAt)).toBeLessThanOrEqual(DEFAULT_TOKEN_DAYS);
    expect(DEFAULT_TOKEN_DAYS).toBe(90);
    expect((await createToken({ user, name: "forever", expiresInDays: null })).token.expiresAt).toBeNull();
    expect((await createToken({ user, name: "forever too", expiresAt: null })).token.expiresAt).toBeNull();
    expect(createTokenSchema.parse({ name: "x" })).toEqual({ name: "x", access: "write" });
    expect(createTokenSchema.parse({ name: "x", expiresInDays: null })).toEqual({ name: "x", access: "write", expiresInDays: null });
  });

  it("authenticates as its owner with the owner's role, until revoked", async () => {
    const viewer = await makeUser("viewer", "Token Viewer");
    const { token, secret } = await createToken({ user: viewer, name: "reader" });
    expect(await userFromRequest(bearer(secret))).toMatchObject({ id: viewer.id, role: "viewer", via: "token" });
    expect(await userFromRequest(bearer(secret + "x"))).toBeNull();
    await revokeToken({ user: viewer, id: token.id });
    expect(await userFromRequest(bearer(secret))).toBeNull();
  });

  it("a read-only token authenticates its owner for GET and HEAD requests and is refused every other (403 TOKEN_READ_ONLY)", async () => {
    const user = await makeUser("editor", "Token Reader");
    const { token, secret } = await createToken({ user, name: "nightly export", access: "read" });
    expect(token.access).toBe("read");
    expect((await listTokens({ user }))[0].access).toBe("read");
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "token_created", targetId: user.id } });
    expect(JSON.parse(event.detail!)).toMatchObject({ tokenId: token.id, access: "read" });
    const as = (method: string) => new Request("http://localhost/api/me", { method, headers: { authorization: `Bearer ${secret}` } });
    for (const method of ["GET", "HEAD"]) expect(await requireApiUser(as(method))).toMatchObject({ id: user.id, role: "editor", via: "token", tokenAccess: "read" });
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const error = await requireApiUser(as(method)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "FORBIDDEN", details: { reason: "TOKEN_READ_ONLY" } });
    }
    const writer = await createToken({ user, name: "writer" });
    expect(await requireApiUser(new Request("http://localhost/api/me", { method: "POST", headers: { authorization: `Bearer ${writer.secret}` } }))).toMatchObject({ tokenAccess: "write" });
  });

  it("an expired token no longer authenticates", async () => {
    const user = await makeUser();
    const { token, secret } = await createToken({ user, name: "short-lived", expiresInDays: 7 });
    expect(new Date(token.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    expect(await userFromRequest(bearer(secret))).not.toBeNull();
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Changed behind the people store's back (as another process would): the cached check lasts a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await userFromRequest(bearer(secret))).toBeNull();
    expect((await listTokens({ user }))[0].status).toBe("expired");
  });

  it("a request authenticated by a token cannot create tokens", async () => {
    const user = await makeUser();
    await expectAppError(createToken({ user: { ...user, via: "token" }, name: "minted" }), "FORBIDDEN", /account page/);
  });

  it("stops at 50 live tokens even when several are asked for at the same moment", async () => {
    const user = await makeUser();
    for (let i = 0; i < 45; i++) await createToken({ user, name: `one by one ${i}` });
    // Ten at once for the last five places (before the lock, PostgreSQL made all ten: 55 live tokens)
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => createToken({ user, name: `burst ${i}` })));
    const refused = results.filter((r) => r.status === "rejected").map((r) => ((r as PromiseRejectedResult).reason as AppError).code);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(refused).toEqual(Array(5).fill("CONFLICT"));
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(50);
  });

  it("refuses an expiry in the past", async () => {
    const user = await makeUser();
    await expectAppError(createToken({ user, name: "past", expiresAt: new Date(Date.now() - 60_000) }), "UNPROCESSABLE");
    expect(createTokenSchema.safeParse({ name: "x", expiresAt: new Date(Date.now() - 60_000).toISOString() }).success).toBe(false);
    expect(createTokenSchema.safeParse({ name: "x", expiresAt: new Date(Date.now() + 60_000).toISOString() }).success).toBe(true);
    expect(createTokenSchema.safeParse({ name: "x", expiresAt: "tomorrow" }).success).toBe(false);
    expect(createTokenSchema.safeParse({ name: "x", expiresInDays: 7, expiresAt: new Date(Date.now() + 60_000).toISOString() }).success).toBe(false);
    expect(createTokenSchema.safeParse({ name: " ", expiresInDays: 7 }).success).toBe(false);
  });

  it("lists only one's own tokens; only the owner or an admin can revoke, and revoking twice is harmless", async () => {
    const owner = await makeUser("reviewer", "Owner");
    const other = await makeUser("reviewer", "Other");
    const admin = await makeUser("admin", "Admin");
    const { token } = await createToken({ user: owner, name: "mine" });
    await createToken({ user: other, name: "theirs" });
    expect((await listTokens({ user: owner })).map((t) => t.name)).toEqual(["mine"]);

    await expectAppError(revokeToken({ user: other, id: token.id }), "NOT_FOUND");
    const revoked = await revokeToken({ user: admin, id: token.id, ip: "10.2.2.2" });
    expect(revoked.status).toBe("revoked");
    await revokeToken({ user: owner, id: token.id });
    const events = await db.auditEvent.findMany({ where: { type: "token_revoked", targetId: owner.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, ip: "10.2.2.2" });
    await expectAppError(revokeToken({ user: owner, id: "no-such-token" }), "NOT_FOUND");
  });
});
