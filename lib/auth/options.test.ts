import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { REMOTE_ADDRESS_HEADER } from "@/lib/http/remote-address";
import { authOptions, parseThrottled, redirectWithin } from "./options";
import { createSession, endSession } from "./session";
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from "./password";
import { recordFailure } from "./throttle";
import { ACCOUNT_INACTIVE } from "./sign-in-errors";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const from = (socket: string, extra: Record<string, string> = {}) => ({ headers: { [REMOTE_ADDRESS_HEADER]: socket, ...extra } });

async function person(passwordHash: string) {
  const email = `${crypto.randomUUID()}@auth.test`;
  const user = await db.user.create({ data: { email, name: "Auth Test", role: "reviewer", passwordHash } });
  return { id: user.id, email };
}

/** A hash made with weaker parameters than today's (half of today's N; scrypt N=2^15 before the default was 2^17). */
const OLD_N = SCRYPT_PARAMS.N / 2;
function oldHash(password: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, { N: OLD_N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", OLD_N, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

describe("redirectWithin (next-auth's callbackUrl)", () => {
  const base = "http://localhost:3000";
  it("follows a path or an address of this site, and sends anything else to the root", () => {
    expect(redirectWithin("/documents/abc?x=1", base)).toBe(`${base}/documents/abc?x=1`);
    expect(redirectWithin(`${base}/corpus`, base)).toBe(`${base}/corpus`);
    expect(redirectWithin("https://evil.example/", base)).toBe(base);
    expect(redirectWithin("//evil.example/", base)).toBe(base);
    expect(redirectWithin("http://localhost:3000.evil.example/", base)).toBe(base);
  });

  it("answers the root for an address it cannot parse (next-auth's own rule threw: a 500)", () => {
    for (const bad of ["http://x:y/", "http://[::1", "", "javascript:alert(1)", "http://localhost:3000:1/"]) expect(redirectWithin(bad, base), bad).toBe(base);
  });
});

describe("sign-in (next-auth authorize)", { timeout: 120_000 }, () => {
  it("rehashes an old-parameter hash at the next successful sign-in, transparently", async () => {
    const user = await person(oldHash("old-parameters-pw"));
    expect(await authorize({ email: user.email, password: "old-parameters-pw" }, from("10.0.0.1"))).toMatchObject({ id: user.id });
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(passwordHash.split("$").slice(0, 4)).toEqual(["scrypt", String(SCRYPT_PARAMS.N), "8", "1"]);
    expect(await verifyPassword("old-parameters-pw", passwordHash)).toBe(true);
    expect(await authorize({ email: user.email, password: "old-parameters-pw" }, from("10.0.0.1"))).toMatchObject({ id: user.id });
  });

  it("refuses a throttled account before checking the password, even the right one, and audits it", async () => {
    const user = await person(await hashPassword("the-right-password"));
    for (let i = 0; i < 5; i++) await recordFailure(user.email, `10.0.1.${i}`);
    const error = await authorize({ email: user.email.toUpperCase(), password: "the-right-password" }, from("10.0.2.1")).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(parseThrottled(error?.message ?? null)).toBeGreaterThan(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "sign_in_throttled", detail: { contains: user.email } } });
    expect(audit.ip).toBe("10.0.2.1");
  });

  it("tells a deactivated account so only with the right password, and does not count that as a guess", async () => {
    const user = await person(await hashPassword("the-right-password"));
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await authorize({ email: user.email, password: "wrong-password" }, from("10.0.4.1"))).toBeNull();
    // six in a row: were they counted, the fifth would set a delay and the sixth would be refused as throttled
    for (let i = 0; i < 6; i++) {
      await expect(authorize({ email: user.email, password: "the-right-password" }, from("10.0.4.1"))).rejects.toThrow(ACCOUNT_INACTIVE);
    }
    const reasons = (await db.auditEvent.findMany({ where: { type: "sign_in_failed", targetId: user.id } })).map((e) => JSON.parse(e.detail ?? "{}").reason);
    expect(reasons.sort()).toEqual([...Array(6).fill("inactive"), "wrong_password"]);
  });

  it("counts a failure against the socket's address, never a client-chosen X-Forwarded-For", async () => {
    const user = await person(await hashPassword("the-right-password"));
    await authorize({ email: user.email, password: "wrong-password" }, from("10.0.3.7", { "x-forwarded-for": "203.0.113.9" }));
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "sign_in_failed", targetId: user.id } });
    expect(audit.ip).toBe("10.0.3.7");
  });

  it("GET /api/auth/session's callback refuses a cookie whose Session row has ended", async () => {
    const user = await person("scrypt$unused");
    const sid = await createSession(user.id);
    const session = authOptions.callbacks!.session! as unknown as (p: { session: object; token: { sid: string } }) => Promise<unknown>;
    await expect(session({ session: {}, token: { sid } })).resolves.toMatchObject({ sid });
    await endSession(sid);
    await expect(session({ session: {}, token: { sid } })).rejects.toThrow(/session has ended/);
  });
});
