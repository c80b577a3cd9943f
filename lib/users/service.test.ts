import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// "The last active admin" is a rule about the whole table: this file works on a database of its own.
await vi.hoisted(async () => {
  const { isolateDatabase } = await import("@/lib/testing/isolated-db");
  await isolateDatabase("users");
});

import crypto from "node:crypto";
import { db } from "@/lib/testing/db";
import { AppError } from "@/lib/errors";
import { hashPassword, MIN_PASSWORD_LENGTH as SERVER_MIN, verifyPassword } from "@/lib/auth/password";
import type { CurrentUser, Role } from "@/lib/auth/roles";
import { createSession } from "@/lib/auth/session";
import { makeUser } from "@/lib/testing/factories";
import { MIN_PASSWORD_LENGTH, passwordSchema } from "./schemas";
import { placeholderEmail, unusablePasswordHash } from "@/lib/import/placeholder";
import { findPeople, insertPlaceholders, updateUser as updateUserRow } from "./store";
import {
  changeOwnPassword,
  changeRole,
  countOtherSessions,
  createUser,
  endOtherSessions,
  getUser,
  listUsers,
  resetPassword,
  setActive,
  updateUser,
} from "./service";

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
}

/** A token row of the user (revoked at `revokedAt` when given); its id. */
async function tokenOf(userId: string, revokedAt: Date | null = null): Promise<string> {
  const secret = crypto.randomUUID();
  const row = await db.apiToken.create({ data: { userId, name: "script", tokenHash: crypto.createHash("sha256").update(secret).digest("hex"), prefix: secret.slice(0, 8), revokedAt } });
  return row.id;
}

const auditFor = (targetId: string) => db.auditEvent.findMany({ where: { targetId }, orderBy: { id: "asc" } });

let admin: CurrentUser;
beforeEach(async () => {
  admin = await makeUser("admin", "Acting Admin");
});

async function person(role: Role = "reviewer", name = "Person") {
  return makeUser(role, name);
}

describe("people service", () => {
  it("keeps the browser's password minimum equal to the server's", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(SERVER_MIN);
  });

  it("runs on a database of its own", () => {
    expect(process.env.DATABASE_URL).toMatch(/users-[0-9a-f-]+\.db$|_users_[0-9a-f]+$/);
  });

  it("creates a user with a hashed password, a lower-cased email and an audit event naming the admin", async () => {
    const email = `New.${crypto.randomUUID()}@Example.org`;
    const { user, claimed } = await createUser({ actor: admin, email, name: "  New Person ", role: "viewer", password: "long enough pw", ip: "10.0.0.9" });
    expect(claimed).toBe(false);
    expect(user).toMatchObject({ email: email.toLowerCase(), name: "New Person", role: "viewer", active: true });
    expect(user).not.toHaveProperty("passwordHash");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(await verifyPassword("long enough pw", row.passwordHash)).toBe(true);
    const [event] = await auditFor(user.id);
    expect(event).toMatchObject({ type: "user_created", actorId: admin.id, ip: "10.0.0.9" });
    expect(JSON.parse(event.detail!)).toEqual({ email: email.toLowerCase(), name: "New Person", role: "viewer" });
    expect((await listUsers({ actor: admin })).map((u) => u.id)).toContain(user.id);
  });

  it("refuses a duplicate email, a short password and a non-admin actor", async () => {
    const email = `dup-${crypto.randomUUID()}@example.org`;
    await createUser({ actor: admin, email, name: "Dup", role: "reviewer", password: "long enough pw" });
    await expectAppError(createUser({ actor: admin, email: email.toUpperCase(), name: "Dup", role: "reviewer", password: "long enough pw" }), "CONFLICT");
    await expectAppError(createUser({ actor: admin, email: `x-${email}`, name: "X", role: "reviewer", password: "short" }), "UNPROCESSABLE");
    const reviewer = await person();
    await expectAppError(createUser({ actor: reviewer, email: `y-${email}`, name: "Y", role: "admin", password: "long enough pw" }), "FORBIDDEN");
    await expectAppError(listUsers({ actor: reviewer }), "FORBIDDEN");
  });

  it("changes a role and audits from and to; the same role again changes nothing", async () => {
    const target = await person("reviewer", "Role Target");
    const updated = await changeRole({ actor: admin, userId: target.id, role: "viewer", ip: "127.0.0.1" });
    expect(updated.role).toBe("viewer");
    await changeRole({ actor: admin, userId: target.id, role: "viewer" });
    const events = await auditFor(target.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "role_changed", actorId: admin.id });
    expect(JSON.parse(events[0].detail!)).toEqual({ from: "reviewer", to: "viewer" });
  });

  it("an admin cannot demote or deactivate themself", async () => {
    await expectAppError(changeRole({ actor: admin, userId: admin.id, role: "reviewer" }), "UNPROCESSABLE", /your own role/);
    await expectAppError(setActive({ actor: admin, userId: admin.id, active: false }), "UNPROCESSABLE", /your own account/);
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: "admin", active: true });
  });

  it("deactivation ends the user's sessions (only theirs) and keeps their API tokens; reactivation is audited", async () => {
    const target = await person("reviewer", "Leaving");
    const bystander = await person("reviewer", "Staying");
    await createSession(target.id);
    await createSession(target.id);
    const kept = await createSession(bystander.id);
    await db.apiToken.create({ data: { userId: target.id, name: "script", tokenHash: crypto.randomUUID(), prefix: "apx_test" } });

    const off = await setActive({ actor: admin, userId: target.id, active: false });
    expect(off.active).toBe(false);
    expect(await db.session.count({ where: { userId: target.id } })).toBe(0);
    expect(await db.session.findUnique({ where: { id: kept } })).not.toBeNull();
    expect(await db.apiToken.findFirstOrThrow({ where: { userId: target.id } })).toMatchObject({ revokedAt: null });

    const on = await setActive({ actor: admin, userId: target.id, active: true });
    expect(on.active).toBe(true);
    const events = await auditFor(target.id);
    expect(events.map((e) => e.type)).toEqual(["user_deactivated", "user_reactivated"]);
    expect(JSON.parse(events[0].detail!)).toEqual({ sessionsEnded: 2 });
    expect(events.every((e) => e.actorId === admin.id)).toBe(true);
  });

  it("the last active admin can be neither demoted nor deactivated", async () => {
    const lastAdmin = await person("admin", "Last Admin");
    // Everyone else with the admin role is inactive (the acting admin too: only its role is checked here).
    await db.user.updateMany({ where: { role: "admin", id: { not: lastAdmin.id } }, data: { active: false } });
    await expectAppError(changeRole({ actor: admin, userId: lastAdmin.id, role: "viewer" }), "CONFLICT", /last active admin/);
    await expectAppError(setActive({ actor: admin, userId: lastAdmin.id, active: false }), "CONFLICT", /last active admin/);
    expect(await db.user.findUniqueOrThrow({ where: { id: lastAdmin.id } })).toMatchObject({ role: "admin", active: true });

    // With a second active admin, the same change goes through.
    await db.user.update({ where: { id: admin.id }, data: { active: true } });
    expect((await changeRole({ actor: admin, userId: lastAdmin.id, role: "viewer" })).role).toBe("viewer");
  });

  it("a PATCH with several changes is all or nothing", async () => {
    const before = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
    await expectAppError(updateUser({ actor: admin, userId: admin.id, changes: { name: "Renamed", active: false } }), "UNPROCESSABLE");
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).name).toBe(before.name);
    expect(await db.auditEvent.count({ where: { targetId: admin.id, type: "user_renamed" } })).toBe(0);

    const target = await person("viewer", "Two Changes");
    const updated = await updateUser({ actor: admin, userId: target.id, changes: { name: "Two Changed", role: "reviewer" } });
    expect(updated).toMatchObject({ name: "Two Changed", role: "reviewer" });
    expect((await auditFor(target.id)).map((e) => e.type)).toEqual(["user_renamed", "role_changed"]);
  });

  it("answers 404 for an unknown user", async () => {
    await expectAppError(changeRole({ actor: admin, userId: "no-such-user", role: "viewer" }), "NOT_FOUND");
  });

  it("resets a password: the new one verifies, the user's sessions end and tokens are revoked, an admin's own current session stays", async () => {
    const target = await person("reviewer", "Forgetful");
    await createSession(target.id);
    const token = await tokenOf(target.id);
    const revokedBefore = await tokenOf(target.id, new Date("2026-01-01T00:00:00Z"));
    await expectAppError(resetPassword({ actor: admin, userId: target.id, password: "x".repeat(MIN_PASSWORD_LENGTH - 1) }), "UNPROCESSABLE");
    await expectAppError(resetPassword({ actor: admin, userId: target.id, password: " ".repeat(12) }), "UNPROCESSABLE", /only spaces/);
    expect(passwordSchema.safeParse("\t ".repeat(8)).error?.issues[0].message).toBe("A password cannot be only spaces.");
    await resetPassword({ actor: admin, userId: target.id, password: "a brand new password" });
    const row = await db.user.findUniqueOrThrow({ where: { id: target.id }, omit: { passwordHash: false } });
    expect(await verifyPassword("a brand new password", row.passwordHash)).toBe(true);
    expect(await db.session.count({ where: { userId: target.id } })).toBe(0);
    const events = await auditFor(target.id);
    expect(events.map((e) => e.type)).toEqual(["password_reset"]);
    expect(JSON.parse(events[0].detail!)).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
    expect(events[0].detail).not.toContain("brand new");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token } })).revokedAt).not.toBeNull();
    // A token revoked earlier keeps the time it was revoked.
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: revokedBefore } })).revokedAt).toEqual(new Date("2026-01-01T00:00:00Z"));

    const mine = await createSession(admin.id);
    const other = await createSession(admin.id);
    await resetPassword({ actor: { ...admin, sessionId: mine }, userId: admin.id, password: "my own new password" });
    expect(await db.session.findUnique({ where: { id: mine } })).not.toBeNull();
    expect(await db.session.findUnique({ where: { id: other } })).toBeNull();
  });

  it("an admin's API token cannot reset its owner's own password (a leaked one would take the account over); others' it can", async () => {
    const token = await tokenOf(admin.id);
    const mine = await createSession(admin.id);
    const viaToken = { ...admin, via: "token" as const, tokenId: token };
    await expectAppError(resetPassword({ actor: viaToken, userId: admin.id, password: "an attacker's password" }), "FORBIDDEN", /account page/);
    const row = await db.user.findUniqueOrThrow({ where: { id: admin.id }, omit: { passwordHash: false } });
    expect(await verifyPassword("an attacker's password", row.passwordHash)).toBe(false);
    expect(await db.session.findUnique({ where: { id: mine } })).not.toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token } })).revokedAt).toBeNull();
    expect(await auditFor(admin.id)).toEqual([]);
    const target = await person();
    await resetPassword({ actor: viaToken, userId: target.id, password: "a brand new password" });
    expect((await auditFor(target.id)).map((e) => e.type)).toEqual(["password_reset"]);
  });

  it("an admin's API token cannot give admin power: no new admin, no promotion to admin, no other admin's password; a session can", async () => {
    const viaToken = { ...admin, via: "token" as const, tokenId: await tokenOf(admin.id) };
    const viaSession = { ...admin, via: "session" as const, sessionId: await createSession(admin.id) };
    const email = `minted-${crypto.randomUUID().slice(0, 8)}@example.org`;
    await expectAppError(createUser({ actor: viaToken, email, name: "Minted", role: "admin", password: "an attacker's password" }), "FORBIDDEN", /signed in/);
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    const target = await person("reviewer");
    await expectAppError(updateUser({ actor: viaToken, userId: target.id, changes: { name: "Renamed", role: "admin" } }), "FORBIDDEN", /signed in/);
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ role: "reviewer", name: target.name });
    const other = await person("admin", "Other Admin");
    await expectAppError(resetPassword({ actor: viaToken, userId: other.id, password: "an attacker's password" }), "FORBIDDEN", /signed in/);
    expect(await auditFor(target.id)).toEqual([]);
    expect(await auditFor(other.id)).toEqual([]);
    // the rest of managing people it may; a session may all of it
    expect((await changeRole({ actor: viaToken, userId: target.id, role: "editor" })).role).toBe("editor");
    expect((await createUser({ actor: viaToken, email: `made-${email}`, name: "Made", role: "reviewer", password: "a fine password" })).user.role).toBe("reviewer");
    expect((await changeRole({ actor: viaSession, userId: target.id, role: "admin" })).role).toBe("admin");
    await resetPassword({ actor: viaSession, userId: other.id, password: "a brand new password" });
    expect((await createUser({ actor: viaSession, email, name: "Made Here", role: "admin", password: "a fine password" })).user.role).toBe("admin");
  });

  it("an account an import made has no password: activating it alone is refused, setting one with activate does both", async () => {
    const email = `imported.${crypto.randomUUID()}@example.org`;
    const id = `imported-${crypto.randomUUID()}`;
    await insertPlaceholders([{ id, email, name: "Came Along", passwordHash: unusablePasswordHash() }]);
    expect((await listUsers({ actor: admin })).find((u) => u.id === id)).toMatchObject({ active: false, hasPassword: false });

    await expectAppError(setActive({ actor: admin, userId: id, active: true }), "UNPROCESSABLE", /Came Along has no password yet.*Set one to activate it/);
    expect(await db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false });
    expect(await auditFor(id)).toEqual([]);

    // Bad input changes nothing, the activation included.
    await expectAppError(resetPassword({ actor: admin, userId: id, password: "short", activate: true }), "UNPROCESSABLE");
    expect(await db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false });

    const on = await resetPassword({ actor: admin, userId: id, password: "a first password", activate: true });
    expect(on).toMatchObject({ active: true, hasPassword: true });
    const row = await db.user.findUniqueOrThrow({ where: { id }, omit: { passwordHash: false } });
    expect(await verifyPassword("a first password", row.passwordHash)).toBe(true);
    expect((await auditFor(id)).map((e) => e.type)).toEqual(["password_reset", "user_reactivated"]);

    // activate on an account already active changes nothing else; people an admin made have a password.
    expect(await resetPassword({ actor: admin, userId: id, password: "a second password", activate: true })).toMatchObject({ active: true });
    const bystander = await person("reviewer", "Has One");
    expect((await getUser({ actor: admin, userId: bystander.id })).hasPassword).toBe(true);
  });

  it("creating a user with the address of an account an import made takes that account over (the command line's way in after an import)", async () => {
    const email = `taken.over.${crypto.randomUUID()}@example.org`;
    const id = `imported-${crypto.randomUUID()}`;
    await insertPlaceholders([{ id, email, name: "As The File Said", passwordHash: unusablePasswordHash() }]);
    // bad input changes nothing
    await expectAppError(createUser({ actor: null, email, name: "Short", role: "admin", password: "short" }), "UNPROCESSABLE");
    expect(await db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false, role: "reviewer", name: "As The File Said" });

    const { user, claimed } = await createUser({ actor: null, email: email.toUpperCase(), name: " Their Own Name ", role: "admin", password: "the first admin pw" });
    expect(claimed).toBe(true);
    expect(user).toMatchObject({ id, email, name: "Their Own Name", role: "admin", active: true, hasPassword: true });
    const row = await db.user.findUniqueOrThrow({ where: { id }, omit: { passwordHash: false } });
    expect(await verifyPassword("the first admin pw", row.passwordHash)).toBe(true);
    const events = await auditFor(id);
    expect(events.map((e) => e.type)).toEqual(["user_created"]);
    expect(events[0].actorId).toBeNull();
    expect(JSON.parse(events[0].detail!)).toEqual({ email, name: "Their Own Name", role: "admin", fromImport: true });

    // two at once: one takes it, the other is told the address is taken (on PostgreSQL the UPDATE's condition decides)
    const raceEmail = `race.${crypto.randomUUID()}@example.org`;
    const raceId = `imported-${crypto.randomUUID()}`;
    await insertPlaceholders([{ id: raceId, email: raceEmail, name: "Raced", passwordHash: unusablePasswordHash() }]);
    const results = await Promise.allSettled(
      ["first password one", "second password two"].map((password) => createUser({ actor: admin, email: raceEmail, name: "Raced", role: "reviewer", password })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as AppError).code).toBe("CONFLICT");
    const won = results.findIndex((r) => r.status === "fulfilled");
    const raced = await db.user.findUniqueOrThrow({ where: { id: raceId }, omit: { passwordHash: false } });
    expect(await verifyPassword(["first password one", "second password two"][won], raced.passwordHash)).toBe(true);

    // once taken over it is an account like any other: the address is taken
    await expectAppError(createUser({ actor: admin, email, name: "Again", role: "viewer", password: "long enough pw" }), "CONFLICT", /already exists/);
    // an author an import made without an address (a synthetic one) is not an address anyone can take
    const ghost = `ghost-${crypto.randomUUID().slice(0, 8)}`;
    await insertPlaceholders([{ id: ghost, email: placeholderEmail(ghost), name: "Ghost", passwordHash: unusablePasswordHash() }]);
    await expectAppError(
      createUser({ actor: admin, email: placeholderEmail(ghost), name: "Ghost", role: "viewer", password: "long enough pw" }),
      "UNPROCESSABLE",
      /kept for authors an import could not match/,
    );
    // nor is a deactivated account that has a password
    const gone = await person("reviewer", "Deactivated One");
    await setActive({ actor: admin, userId: gone.id, active: false });
    await expectAppError(createUser({ actor: admin, email: gone.email, name: "X", role: "viewer", password: "long enough pw" }), "CONFLICT");
  });

  it("changes an address: audited from and to, the old one free, a taken or reserved one refused; an imported author given one can then be activated", async () => {
    const someone = await person("editor", "Typo In Address");
    const other = await person("reviewer", "Holds An Address");
    const sessionId = await createSession(someone.id);
    const fresh = `fixed.${crypto.randomUUID()}@example.org`;

    const changed = await updateUser({ actor: admin, userId: someone.id, changes: { email: `  ${fresh.toUpperCase()} ` } });
    expect(changed).toMatchObject({ id: someone.id, email: fresh, role: "editor", active: true, hasPassword: true });
    const events = await auditFor(someone.id);
    expect(events.map((e) => e.type)).toEqual(["user_email_changed"]);
    expect(events[0].actorId).toBe(admin.id);
    expect(JSON.parse(events[0].detail!)).toEqual({ from: someone.email, to: fresh });
    // the account's sessions are the account's, not the address's
    expect(await db.session.count({ where: { id: sessionId } })).toBe(1);
    // the same address again changes nothing; the old one is free for someone else
    await updateUser({ actor: admin, userId: someone.id, changes: { email: fresh } });
    expect(await auditFor(someone.id)).toHaveLength(1);
    await expect(updateUser({ actor: admin, userId: other.id, changes: { email: someone.email } })).resolves.toMatchObject({ email: someone.email });

    // taken, reserved for import placeholders, or by a non-admin: refused, nothing changed (the name beside it neither)
    await expectAppError(updateUser({ actor: admin, userId: other.id, changes: { name: "Renamed Too", email: fresh } }), "CONFLICT", /already exists/);
    await expectAppError(updateUser({ actor: admin, userId: other.id, changes: { email: placeholderEmail("x1") } }), "UNPROCESSABLE", /kept for authors/);
    await expectAppError(updateUser({ actor: { id: other.id, role: "editor" }, userId: other.id, changes: { email: `mine.${fresh}` } }), "FORBIDDEN");
    expect(await db.user.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ name: "Holds An Address", email: someone.email });

    // two admins giving one address to two people at once: one gets it
    const race = `race.${crypto.randomUUID()}@example.org`;
    const [a, b] = [await person("reviewer", "Race A"), await person("reviewer", "Race B")];
    const results = await Promise.allSettled([a, b].map((p) => updateUser({ actor: admin, userId: p.id, changes: { email: race } })));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as AppError).code).toBe("CONFLICT");
    expect(await db.user.count({ where: { email: race } })).toBe(1);

    // an author an import could not match: given their real address, a password makes them a reviewer who can sign in
    const ghost = `ghost-${crypto.randomUUID().slice(0, 8)}`;
    await insertPlaceholders([{ id: ghost, email: placeholderEmail(ghost), name: "Found Later", passwordHash: unusablePasswordHash() }]);
    // a password before an address would make an account nobody can sign in to: refused, nothing changed
    await expectAppError(resetPassword({ actor: admin, userId: ghost, password: "too early pw", activate: true }), "UNPROCESSABLE", /Found Later has no address.*Give them theirs first/);
    expect(await db.user.findUniqueOrThrow({ where: { id: ghost } })).toMatchObject({ active: false });
    expect(await auditFor(ghost)).toEqual([]);
    const real = `found.${crypto.randomUUID()}@example.org`;
    expect(await updateUser({ actor: admin, userId: ghost, changes: { email: real } })).toMatchObject({ email: real, active: false, hasPassword: false });
    expect(await resetPassword({ actor: admin, userId: ghost, password: "found at last", activate: true })).toMatchObject({ active: true, hasPassword: true });
  });

  it("signs out everywhere else: the caller's other live sessions end, this one stays, audited; a token cannot; nothing to end is no event", async () => {
    const someone = await person("reviewer", "Left Signed In");
    const bystander = await person("reviewer", "Someone Else");
    const here = await createSession(someone.id);
    const [phone, lab] = [await createSession(someone.id), await createSession(someone.id)];
    const theirs = await createSession(bystander.id);
    await db.session.create({ data: { id: `expired-${crypto.randomUUID()}`, userId: someone.id, expiresAt: new Date(Date.now() - 1000) } });
    const me = { id: someone.id, via: "session" as const, sessionId: here };
    expect(await countOtherSessions({ user: me })).toEqual({ others: 2 }); // the expired one is not counted
    expect(await countOtherSessions({ user: { id: someone.id } })).toEqual({ others: 3 }); // an API token's caller: every live one

    await expectAppError(endOtherSessions({ user: { id: someone.id, via: "token" } }), "FORBIDDEN", /on the account page/);
    expect(await db.session.count({ where: { id: { in: [phone, lab] } } })).toBe(2);

    expect(await endOtherSessions({ user: me, ip: "192.0.2.7" })).toEqual({ ended: 3 }); // the expired row goes too
    expect((await db.session.findMany({ where: { userId: someone.id } })).map((r) => r.id)).toEqual([here]);
    expect(await db.session.count({ where: { id: theirs } })).toBe(1);
    const events = await auditFor(someone.id);
    expect(events.map((e) => [e.type, e.actorId, e.ip, JSON.parse(e.detail!)])).toEqual([["sessions_ended", someone.id, "192.0.2.7", { sessionsEnded: 3 }]]);

    expect(await endOtherSessions({ user: me })).toEqual({ ended: 0 });
    expect(await auditFor(someone.id)).toHaveLength(1);
  });

  describe("changing one's own password", () => {
    async function withPassword(password: string) {
      const user = await person("reviewer", "Self Service");
      await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
      return user;
    }
    const storedHash = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, omit: { passwordHash: false } })).passwordHash;

    it("needs the current password, refuses a weak or unchanged one, and changes nothing then", async () => {
      const user = await withPassword("the current password");
      const mine = await createSession(user.id);
      const before = await storedHash(user.id);
      const self = { ...user, sessionId: mine, email: `${crypto.randomUUID()}@test.apparatus` };
      await expectAppError(changeOwnPassword({ user: self, currentPassword: "a wrong guess!", newPassword: "a fine new password" }), "UNPROCESSABLE", /current password/);
      await expectAppError(changeOwnPassword({ user: self, currentPassword: "the current password", newPassword: "short" }), "UNPROCESSABLE", /at least 10/);
      await expectAppError(changeOwnPassword({ user: self, currentPassword: "the current password", newPassword: "the current password" }), "UNPROCESSABLE", /differ/);
      expect(await storedHash(user.id)).toBe(before);
      const events = await auditFor(user.id);
      expect(events.map((e) => e.type)).toEqual(["password_change_failed"]);
      expect(events[0].detail).not.toContain("wrong guess");
    });

    it("ends the other sessions, keeps the current one and the tokens, and is audited without the password", async () => {
      const user = await withPassword("the current password");
      const mine = await createSession(user.id);
      const other = await createSession(user.id);
      const token = await tokenOf(user.id);
      const dto = await changeOwnPassword({ user: { ...user, sessionId: mine }, currentPassword: "the current password", newPassword: "a fine new password" });
      expect(dto.id).toBe(user.id);
      expect(await verifyPassword("a fine new password", await storedHash(user.id))).toBe(true);
      expect(await db.session.findUnique({ where: { id: mine } })).not.toBeNull();
      expect(await db.session.findUnique({ where: { id: other } })).toBeNull();
      const events = await auditFor(user.id);
      expect(events.map((e) => e.type)).toEqual(["password_changed"]);
      expect(JSON.parse(events[0].detail!)).toEqual({ sessionsEnded: 1, tokensRevoked: 0 });
      expect(events[0].detail).not.toContain("fine new");
      expect((await db.apiToken.findUniqueOrThrow({ where: { id: token } })).revokedAt).toBeNull();
    });

    it("revokes the user's tokens when asked, and only theirs", async () => {
      const user = await withPassword("the current password");
      const mine = await createSession(user.id);
      const [first, second] = [await tokenOf(user.id), await tokenOf(user.id)];
      const someoneElses = await tokenOf(admin.id);
      await changeOwnPassword({ user: { ...user, sessionId: mine }, currentPassword: "the current password", newPassword: "a fine new password", revokeTokens: true });
      const revoked = await db.apiToken.findMany({ where: { id: { in: [first, second, someoneElses] } }, select: { id: true, revokedAt: true } });
      expect(revoked.filter((t) => t.revokedAt !== null).map((t) => t.id).sort()).toEqual([first, second].sort());
      expect(JSON.parse((await auditFor(user.id))[0].detail!)).toEqual({ sessionsEnded: 0, tokensRevoked: 2 });
    });

    it("is refused to an API token, and locks out after repeated wrong guesses", async () => {
      const user = await withPassword("the current password");
      await expectAppError(
        changeOwnPassword({ user: { ...user, via: "token" }, currentPassword: "the current password", newPassword: "a fine new password" }),
        "FORBIDDEN",
      );
      const self = { ...user, email: `${crypto.randomUUID()}@test.apparatus` };
      for (let i = 0; i < 5; i++) {
        await expectAppError(changeOwnPassword({ user: self, currentPassword: `guess ${i}`, newPassword: "a fine new password", ip: "192.0.2.7" }), "UNPROCESSABLE");
      }
      await expectAppError(
        changeOwnPassword({ user: self, currentPassword: "the current password", newPassword: "a fine new password", ip: "192.0.2.7" }),
        "RATE_LIMITED",
      );
    });
  });
});

describe("people store: display names", () => {
  // Only the clock is faked (Date.now), at set points; the database and promises run as they do.
  let now = Date.now();
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
  });
  afterEach(() => vi.useRealTimers());
  const later = (ms: number) => vi.setSystemTime((now += ms));
  const nameOf = async (id: string) => (await findPeople([id])).get(id)?.name;
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
  };

  it("a name past half its time is given at once and read again in the background; a rename elsewhere shows", async () => {
    const p = await person("reviewer", "Old Name");
    expect(await nameOf(p.id)).toBe("Old Name");
    await db.user.update({ where: { id: p.id }, data: { name: "Renamed Elsewhere" } }); // another process
    later(2_000);
    expect(await nameOf(p.id)).toBe("Old Name"); // within half its time: the cache
    later(1_000);
    expect(await nameOf(p.id)).toBe("Old Name"); // past half: still at once, and read again
    await settle();
    expect(await nameOf(p.id)).toBe("Renamed Elsewhere");
  });

  it("a rename in this process is not undone by a read that was running when it was made", async () => {
    const p = await person("reviewer", "Before");
    expect(await nameOf(p.id)).toBe("Before");
    later(3_000);
    expect(await nameOf(p.id)).toBe("Before"); // starts a background read
    await updateUserRow(p.id, { name: "After" });
    await settle();
    expect(await nameOf(p.id)).toBe("After");
    later(3_000);
    await nameOf(p.id);
    await settle();
    expect(await nameOf(p.id)).toBe("After");
  });
});
