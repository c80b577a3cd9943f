import "server-only";
// People: accounts, roles, activation and passwords. Every change is audited in the same transaction,
// and two rules keep the install manageable: an admin cannot demote or deactivate themself, and the
// last active admin cannot be removed.
import {
  claimImportedUser,
  countActiveAdminsExcept,
  countUsers,
  countSessionsOf,
  deleteSessionsOf,
  findPasswordHash,
  findUser,
  findUserByEmail,
  findUsers,
  insertUser,
  peopleTransaction,
  revokeTokensOf,
  updateUser as updateUserRow,
  type PeopleClient,
  type UserRecord,
} from "./store";
import { AppError, forbidden, isUniqueViolation, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/service";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";
import { clearFailures, recordFailure, throttledFor } from "@/lib/auth/throttle";
import { asRole, isAdmin, type CurrentUser, type Role } from "@/lib/auth/roles";
import { awaitsPassword, isPlaceholderEmail, PLACEHOLDER_EMAIL_DOMAIN } from "./placeholder-email";
import type { UserDTO } from "./types";

export type { UserDTO } from "./types";

type Tx = PeopleClient;

/** Who acts: the signed-in admin (the session id lets a self password reset keep the current session). */
export type Actor = Pick<CurrentUser, "id" | "role"> & Partial<Pick<CurrentUser, "via" | "sessionId">>;

type UserRow = UserRecord;

const toUserDTO = (u: UserRow): UserDTO => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: asRole(u.role),
  active: u.active,
  hasPassword: u.hasPassword,
  createdAt: u.createdAt.toISOString(),
});

function assertAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw forbidden("Only admins can manage people.");
}

export async function listUsers(options: { actor: Actor }): Promise<UserDTO[]> {
  assertAdmin(options.actor);
  return (await findUsers()).map(toUserDTO);
}

export async function getUser(options: { actor: Actor; userId: string }): Promise<UserDTO> {
  assertAdmin(options.actor);
  const row = await findUser(options.userId);
  if (!row) throw notFound("User");
  return toUserDTO(row);
}

/**
 * Create an account. Without an actor it is the command line (`npm run user:create`), which needs no
 * admin. An address that belongs to an account an import made (inactive, no password) is that person:
 * the account is taken over (`claimed`: name, role and password set, activated, their imported work
 * already theirs), which is also how the first admin of an installation filled by an import gets in.
 */
export async function createUser(options: {
  actor?: Actor | null;
  email: string;
  name: string;
  role: Role;
  password: string;
  ip?: string | null;
}): Promise<{ user: UserDTO; claimed: boolean }> {
  if (options.actor) {
    assertAdmin(options.actor);
    if (options.role === "admin") assertSessionForAdminPower(options.actor);
  }
  const problem = passwordProblem(options.password);
  if (problem) throw new AppError("UNPROCESSABLE", problem);
  const email = normalEmail(options.email);
  const name = options.name.trim();
  if (!name) throw new AppError("UNPROCESSABLE", "A name is required.");
  const existing = await findUserByEmail(email);
  if (existing && !claimable(existing)) throw emailTaken(email);
  const passwordHash = await hashPassword(options.password);
  const audit = (tx: Tx, targetId: string) =>
    recordAudit(
      {
        type: "user_created",
        actorId: options.actor?.id ?? null,
        targetId,
        ip: options.ip,
        detail: { email, name, role: options.role, ...(existing ? { fromImport: true } : {}) },
      },
      tx,
    );
  const row = await peopleTransaction(async (tx) => {
    if (existing) {
      // only if it still is such an account: another admin may have got there first
      const claimed = await claimImportedUser(existing.id, { name, role: options.role, passwordHash }, tx);
      if (!claimed) throw emailTaken(email);
      await audit(tx, claimed.id);
      return claimed;
    }
    const created = await insertUser({ email, name, role: options.role, passwordHash }, tx);
    await audit(tx, created.id);
    return created;
  });
  return { user: toUserDTO(row), claimed: existing !== null };
}

/** Trimmed and lower-cased, as stored; an import placeholder's reserved domain is nobody's address. */
function normalEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (isPlaceholderEmail(email)) {
    throw new AppError(
      "UNPROCESSABLE",
      `Addresses at ${PLACEHOLDER_EMAIL_DOMAIN} are kept for authors an import could not match. Give the person's real address.`,
      { field: "email" },
    );
  }
  return email;
}

const emailTaken = (email: string) => new AppError("CONFLICT", `A user with the email ${email} already exists.`, { field: "email" });

/** An account an import made for someone with a real address, not yet taken over. */
const claimable = (row: UserRow): boolean => !row.active && awaitsPassword(row);

async function loadTarget(tx: Tx, userId: string): Promise<UserRow> {
  const row = await findUser(userId, tx);
  if (!row) throw notFound("User");
  return row;
}

// Inside the transaction, so two admins demoting each other at once cannot both succeed.
async function assertAnotherActiveAdmin(tx: Tx, target: UserRow, what: string): Promise<void> {
  if (target.role !== "admin" || !target.active) return;
  const others = await countActiveAdminsExcept(target.id, tx);
  if (others === 0) {
    throw new AppError("CONFLICT", `${target.name} is the last active admin and cannot be ${what}. Make someone else an admin first.`, {
      reason: "last_admin",
    });
  }
}

async function applyRole(tx: Tx, actor: Actor, target: UserRow, role: Role, ip: string | null | undefined): Promise<UserRow> {
  if (target.role === role) return target;
  if (target.id === actor.id) {
    throw new AppError("UNPROCESSABLE", "You cannot change your own role. Ask another admin to do it.", { reason: "self" });
  }
  if (role === "admin") assertSessionForAdminPower(actor);
  else await assertAnotherActiveAdmin(tx, target, `made a ${role}`);
  const updated = await updateUserRow(target.id, { role }, tx);
  await recordAudit({ type: "role_changed", actorId: actor.id, targetId: target.id, ip, detail: { from: target.role, to: role } }, tx);
  return updated;
}

async function applyActive(tx: Tx, actor: Actor, target: UserRow, active: boolean, ip: string | null | undefined): Promise<UserRow> {
  if (target.active === active) return target;
  if (!active) {
    if (target.id === actor.id) {
      throw new AppError("UNPROCESSABLE", "You cannot deactivate your own account. Ask another admin to do it.", { reason: "self" });
    }
    await assertAnotherActiveAdmin(tx, target, "deactivated");
  } else if (!target.hasPassword) {
    // Active without a password would say "can sign in" of someone who cannot.
    throw new AppError("UNPROCESSABLE", `${target.name} has no password yet (the account came with an import). Set one to activate it.`, {
      reason: "no_password",
    });
  }
  const updated = await updateUserRow(target.id, { active }, tx);
  if (!active) {
    // Sessions end now; API tokens stay (they stop working while the account is inactive, see lib/auth/session.ts).
    const count = await deleteSessionsOf(target.id, {}, tx);
    await recordAudit({ type: "user_deactivated", actorId: actor.id, targetId: target.id, ip, detail: { sessionsEnded: count } }, tx);
  } else {
    await recordAudit({ type: "user_reactivated", actorId: actor.id, targetId: target.id, ip }, tx);
  }
  return updated;
}

async function applyName(tx: Tx, actor: Actor, target: UserRow, name: string, ip: string | null | undefined): Promise<UserRow> {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError("UNPROCESSABLE", "A name is required.");
  if (target.name === trimmed) return target;
  const updated = await updateUserRow(target.id, { name: trimmed }, tx);
  await recordAudit({ type: "user_renamed", actorId: actor.id, targetId: target.id, ip, detail: { from: target.name, to: trimmed } }, tx);
  return updated;
}

/**
 * A new sign-in address (a typo fixed, a move). An author an import could not match (a placeholder address)
 * given a real one becomes an account awaiting a password: Set password and activate then lets them in.
 * Sessions and tokens stay: they belong to the account, not to its address.
 */
async function applyEmail(tx: Tx, actor: Actor, target: UserRow, raw: string, ip: string | null | undefined): Promise<UserRow> {
  const email = normalEmail(raw);
  if (target.email === email) return target;
  let updated: UserRow;
  try {
    updated = await updateUserRow(target.id, { email }, tx);
  } catch (error) {
    // the unique index decides: another account has it (or another admin gave it to someone meanwhile)
    if (isUniqueViolation(error)) throw emailTaken(email);
    throw error;
  }
  await recordAudit({ type: "user_email_changed", actorId: actor.id, targetId: target.id, ip, detail: { from: target.email, to: email } }, tx);
  return updated;
}

/**
 * Admin power is given from a browser session only: making an admin (a new account, or another's role)
 * and setting an admin's password. A leaked admin API token can do what its owner may, but not mint an
 * admin sign-in of its own, which revoking the token would leave in place.
 */
function assertSessionForAdminPower(actor: Actor) {
  if (actor.via === "session") return;
  throw new AppError("FORBIDDEN", "Make an admin, or set an admin's password, on the Admin page, signed in: an API token cannot give admin power.", {
    reason: "SESSION_ONLY",
  });
}

/** PATCH semantics: name, email, role and active together, all or nothing. */
export async function updateUser(options: {
  actor: Actor;
  userId: string;
  changes: { name?: string; email?: string; role?: Role; active?: boolean };
  ip?: string | null;
}): Promise<UserDTO> {
  const { actor, changes, ip } = options;
  assertAdmin(actor);
  const row = await peopleTransaction(async (tx) => {
    let target = await loadTarget(tx, options.userId);
    if (changes.name !== undefined) target = await applyName(tx, actor, target, changes.name, ip);
    if (changes.email !== undefined) target = await applyEmail(tx, actor, target, changes.email, ip);
    if (changes.role !== undefined) target = await applyRole(tx, actor, target, changes.role, ip);
    if (changes.active !== undefined) target = await applyActive(tx, actor, target, changes.active, ip);
    return target;
  });
  return toUserDTO(row);
}

export async function changeRole(options: { actor: Actor; userId: string; role: Role; ip?: string | null }): Promise<UserDTO> {
  return updateUser({ actor: options.actor, userId: options.userId, changes: { role: options.role }, ip: options.ip });
}

/** Deactivate (ends the user's sessions at once) or reactivate an account. */
export async function setActive(options: { actor: Actor; userId: string; active: boolean; ip?: string | null }): Promise<UserDTO> {
  return updateUser({ actor: options.actor, userId: options.userId, changes: { active: options.active }, ip: options.ip });
}

export async function renameUser(options: { actor: Actor; userId: string; name: string; ip?: string | null }): Promise<UserDTO> {
  return updateUser({ actor: options.actor, userId: options.userId, changes: { name: options.name }, ip: options.ip });
}

/**
 * An admin sets a new password. The user's other sessions end and their API tokens are revoked (a reset
 * usually means the old password is compromised or forgotten, and whoever had it could have made a
 * token); an admin resetting their own keeps the session they are using. With `activate`, an inactive
 * account is activated in the same transaction (how an account that came with an import gets going).
 */
export async function resetPassword(options: {
  actor: Actor;
  userId: string;
  password: string;
  activate?: boolean;
  ip?: string | null;
}): Promise<UserDTO> {
  const { actor, ip } = options;
  assertAdmin(actor);
  // changeOwnPassword's rule for admins too: one's own password is set from a browser session, so a
  // leaked API token cannot set one and take the account over (the reset ends its owner's sessions).
  if (options.userId === actor.id && actor.via !== "session") {
    throw forbidden("Change your own password on the account page, signed in: an API token cannot set it.");
  }
  const problem = passwordProblem(options.password);
  if (problem) throw new AppError("UNPROCESSABLE", problem);
  const passwordHash = await hashPassword(options.password);
  const row = await peopleTransaction(async (tx) => {
    const target = await loadTarget(tx, options.userId);
    if (isPlaceholderEmail(target.email)) {
      // No one could sign in as a reserved address: the person needs their own first.
      throw new AppError("UNPROCESSABLE", `${target.name} has no address (an author an import could not match). Give them theirs first.`, {
        reason: "no_address",
      });
    }
    if (target.role === "admin" && target.id !== actor.id) assertSessionForAdminPower(actor);
    const updated = await updateUserRow(target.id, { passwordHash }, tx);
    const except = target.id === actor.id && actor.sessionId ? actor.sessionId : undefined;
    const count = await deleteSessionsOf(target.id, { except }, tx);
    const tokens = await revokeTokensOf(target.id, tx);
    await recordAudit({ type: "password_reset", actorId: actor.id, targetId: target.id, ip, detail: { sessionsEnded: count, tokensRevoked: tokens } }, tx);
    return options.activate ? applyActive(tx, actor, updated, true, ip) : updated;
  });
  return toUserDTO(row);
}

/** How many other browsers or devices are signed in as the caller (an API token's caller: all of them). */
export async function countOtherSessions(options: { user: Pick<CurrentUser, "id" | "sessionId"> }): Promise<{ others: number }> {
  return { others: await countSessionsOf(options.user.id, { except: options.user.sessionId }) };
}

/**
 * Sign out everywhere else: every session of the caller but this one ends (a browser left signed in on a
 * shared computer, a lost phone). From a browser session only, as a password change: a leaked API token
 * must not be able to sign its owner out again and again. API tokens are not touched (revoke them on the
 * same page).
 */
export async function endOtherSessions(options: { user: Pick<CurrentUser, "id" | "via" | "sessionId">; ip?: string | null }): Promise<{ ended: number }> {
  const { user, ip } = options;
  if (user.via !== "session" || !user.sessionId) throw forbidden("Sign out your other sessions on the account page, signed in.");
  const ended = await peopleTransaction(async (tx) => {
    const count = await deleteSessionsOf(user.id, { except: user.sessionId }, tx);
    if (count > 0) await recordAudit({ type: "sessions_ended", actorId: user.id, targetId: user.id, ip, detail: { sessionsEnded: count } }, tx);
    return count;
  });
  return { ended };
}

/**
 * A signed-in user changes their own password. The current password must be given (a browser left
 * signed in is not enough); wrong guesses count towards the sign-in throttle of the account. The
 * user's other sessions end, the one in use stays; with `revokeTokens`, their API tokens are revoked
 * too (whoever knew the old password could have made one). Only from a browser session: an API token
 * that leaked must not be able to take the account over.
 */
export async function changeOwnPassword(options: {
  user: Pick<CurrentUser, "id" | "email" | "via" | "sessionId">;
  currentPassword: string;
  newPassword: string;
  revokeTokens?: boolean;
  ip?: string | null;
}): Promise<UserDTO> {
  const { user, ip } = options;
  if (user.via !== "session") throw forbidden("Change your password on the account page, signed in.");
  const wait = await throttledFor(user.email, ip ?? "");
  if (wait > 0) throw new AppError("RATE_LIMITED", `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`);
  const stored = await findPasswordHash(user.id);
  if (stored === null) throw notFound("User");
  if (!(await verifyPassword(options.currentPassword, stored))) {
    await recordFailure(user.email, ip ?? "");
    await recordAudit({ type: "password_change_failed", actorId: user.id, targetId: user.id, ip, detail: { reason: "wrong_current_password" } });
    throw new AppError("UNPROCESSABLE", "The current password is not correct.", { field: "currentPassword" });
  }
  const problem = passwordProblem(options.newPassword);
  if (problem) throw new AppError("UNPROCESSABLE", problem, { field: "newPassword" });
  if (options.newPassword === options.currentPassword) {
    throw new AppError("UNPROCESSABLE", "The new password must differ from the current one.", { field: "newPassword" });
  }
  const passwordHash = await hashPassword(options.newPassword);
  const updated = await peopleTransaction(async (tx) => {
    const target = await updateUserRow(user.id, { passwordHash }, tx);
    const count = await deleteSessionsOf(user.id, { except: user.sessionId }, tx);
    const tokens = options.revokeTokens ? await revokeTokensOf(user.id, tx) : 0;
    await recordAudit({ type: "password_changed", actorId: user.id, targetId: user.id, ip, detail: { sessionsEnded: count, tokensRevoked: tokens } }, tx);
    return target;
  });
  clearFailures(user.email);
  return toUserDTO(updated);
}

/** Whether the installation has no accounts yet: its first admin is still to be created (`npm run user:create`). */
export async function hasNoAccounts(): Promise<boolean> {
  return (await countUsers()) === 0;
}
