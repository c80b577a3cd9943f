import "server-only";
// The people store: every query of User, Session and ApiToken, through the Prisma client (low traffic,
// where its per-query cost does not matter; the session and token checks of every request are cached
// for a moment, below). Changes that must commit together with their audit rows run in
// peopleTransaction().
import type { Prisma } from "@/generated/prisma/client";
import { isUsableHash } from "@/lib/auth/password";
import { ShortLived } from "@/lib/cache/short-lived";
import { prisma } from "@/lib/store/engine";

/** The Prisma client or one of its interactive transactions. */
export type PeopleClient = Prisma.TransactionClient;

/** Run `fn` in one transaction of the people store (and the audit store, which shares it). */
export async function peopleTransaction<T>(fn: (tx: PeopleClient) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(fn);
  } finally {
    checks.clear(); // again after the commit: a check that read the rows before it must not stay cached
    names.clear(); // and a name read before a rename committed
  }
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  createdAt: Date;
  /** False for an account an import made: it has no password anyone could sign in with until an admin sets one. */
  hasPassword: boolean;
}

const userSelect = { id: true, email: true, name: true, role: true, active: true, createdAt: true, passwordHash: true } as const;

/** The row as selected, its hash reduced to whether it can be signed in with (the hash stays in the store). */
function toRecord({ passwordHash, ...row }: { id: string; email: string; name: string; role: string; active: boolean; createdAt: Date; passwordHash: string }): UserRecord {
  return { ...row, hasPassword: isUsableHash(passwordHash) };
}

// ---------------------------------------------------------------------------------------------
// Users

export async function findUser(id: string, client: PeopleClient = prisma): Promise<UserRecord | null> {
  const row = await client.user.findUnique({ where: { id }, select: userSelect });
  return row && toRecord(row);
}

export async function findUserByEmail(email: string, client: PeopleClient = prisma): Promise<UserRecord | null> {
  const row = await client.user.findUnique({ where: { email }, select: userSelect });
  return row && toRecord(row);
}

/** For a password change: the hash to check the current password against (null: no such user). */
export async function findPasswordHash(id: string): Promise<string | null> {
  return (await prisma.user.findUnique({ where: { id }, select: { passwordHash: true } }))?.passwordHash ?? null;
}

/** For sign-in only: the account with its password hash. */
export async function findUserForSignIn(email: string): Promise<(UserRecord & { passwordHash: string }) | null> {
  const row = await prisma.user.findUnique({ where: { email }, select: userSelect });
  return row && { ...toRecord(row), passwordHash: row.passwordHash };
}

/** Replace a password hash only if it is still `current` (a transparent rehash must not undo a password change). */
export async function replacePasswordHash(id: string, current: string, passwordHash: string): Promise<void> {
  await prisma.user.updateMany({ where: { id, passwordHash: current }, data: { passwordHash } });
}

export async function findUsers(): Promise<UserRecord[]> {
  const rows = await prisma.user.findMany({ select: userSelect, orderBy: [{ active: "desc" }, { name: "asc" }, { email: "asc" }] });
  return rows.map(toRecord);
}

/** Everyone, by name, for pickers (the audit log's person filter). */
export function findPeopleDirectory(): Promise<Array<{ id: string; name: string; email: string }>> {
  return prisma.user.findMany({ select: { id: true, name: true, email: true }, orderBy: [{ name: "asc" }, { email: "asc" }] });
}

export async function insertUser(
  data: { id?: string; email: string; name: string; role: string; passwordHash: string; active?: boolean },
  client: PeopleClient = prisma,
): Promise<UserRecord> {
  return toRecord(await client.user.create({ data, select: userSelect }));
}

/** Placeholder reviewers of an import (inactive, unusable password); existing ids are left alone. */
export async function insertPlaceholders(rows: Array<{ id: string; email: string; name: string; passwordHash: string }>): Promise<void> {
  if (rows.length === 0) return;
  await prisma.user.createMany({ data: rows.map((r) => ({ ...r, role: "reviewer", active: false })) });
  names.forget(rows.map((r) => r.id));
}

export async function updateUser(
  id: string,
  data: { name?: string; email?: string; role?: string; active?: boolean; passwordHash?: string },
  client: PeopleClient = prisma,
): Promise<UserRecord> {
  const row = await client.user.update({ where: { id }, data, select: userSelect });
  names.forget([id]);
  checks.clear();
  return toRecord(row);
}

/**
 * Take over an account an import made (inactive, no usable password): set these, activate it. Null when
 * it is no longer such an account (another admin got there first: the condition is in the UPDATE itself,
 * so that two at once cannot both take it, on PostgreSQL too).
 */
export async function claimImportedUser(
  id: string,
  data: { name: string; role: string; passwordHash: string },
  client: PeopleClient = prisma,
): Promise<UserRecord | null> {
  const { count } = await client.user.updateMany({ where: { id, active: false, NOT: { passwordHash: { startsWith: "scrypt$" } } }, data: { ...data, active: true } });
  if (count === 0) return null;
  names.forget([id]);
  checks.clear();
  return findUser(id, client);
}

export function countActiveAdminsExcept(id: string, client: PeopleClient = prisma): Promise<number> {
  return client.user.count({ where: { role: "admin", active: true, id: { not: id } } });
}

export function countUsers(): Promise<number> {
  return prisma.user.count();
}

/** Up to when this person has seen the responses to their work (null: never looked). */
export async function findResponsesSeenAt(id: string): Promise<Date | null> {
  return (await prisma.user.findUnique({ where: { id }, select: { responsesSeenAt: true } }))?.responsesSeenAt ?? null;
}

/** Moves it forward to `at` (never back: two tabs marking different pages seen). */
export async function advanceResponsesSeenAt(id: string, at: Date): Promise<void> {
  await prisma.user.updateMany({ where: { id, OR: [{ responsesSeenAt: null }, { responsesSeenAt: { lt: at } }] }, data: { responsesSeenAt: at } });
}

/** Users among `ids` that exist, and users with these emails. */
export async function findExistingPeople(ids: string[], emails: string[]): Promise<{ ids: Set<string>; byEmail: Map<string, string> }> {
  const [byId, withEmail] = await Promise.all([
    ids.length ? prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true } }) : [],
    emails.length ? prisma.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } }) : [],
  ]);
  return { ids: new Set(byId.map((u) => u.id)), byEmail: new Map(withEmail.map((u) => [u.email, u.id])) };
}

// The caches below are kept on globalThis: Next bundles route handlers and pages separately, each with
// its own copy of this module, and a sign-out through the auth route must clear the pages' cache too
// (a replayed cookie was still let into pages for up to a second).
const globalForPeople = globalThis as unknown as { apparatusPeopleCaches?: { names: ShortLived<{ name: string; email: string }>; checks: ShortLived<unknown> } };
// Display names change rarely and are read on every annotation list and live delivery: a short cache,
// dropped on a rename in this process (other processes see a rename within its 5 s).
const caches = (globalForPeople.apparatusPeopleCaches ??= { names: new ShortLived(5_000), checks: new ShortLived<unknown>(1_000) });
const names = caches.names;

/** Names and emails of these people (unknown ids are left out). */
export function findPeople(ids: Iterable<string>): Promise<Map<string, { name: string; email: string }>> {
  return names.getMany(ids, async (missing) => {
    const found = new Map<string, { name: string; email: string }>();
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await prisma.user.findMany({ where: { id: { in: missing.slice(i, i + 500) } }, select: { id: true, name: true, email: true } });
      for (const r of rows) found.set(r.id, { name: r.name, email: r.email });
    }
    return found;
  });
}

// ---------------------------------------------------------------------------------------------
// Sessions

export async function insertSession(data: { id: string; userId: string; expiresAt: Date }): Promise<void> {
  await prisma.session.create({ data });
}

export async function deleteSession(id: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id } });
  checks.clear();
}

/** A user's sessions, all or all but one. */
const sessionsOf = (userId: string, except?: string) => ({ userId, ...(except ? { id: { not: except } } : {}) });

/** A user's sessions that have not expired, all or all but one. */
export function countSessionsOf(userId: string, options: { except?: string } = {}): Promise<number> {
  return prisma.session.count({ where: { ...sessionsOf(userId, options.except), expiresAt: { gt: new Date() } } });
}

/** End a user's sessions (all, or all but one); returns how many ended. */
export async function deleteSessionsOf(userId: string, options: { except?: string } = {}, client: PeopleClient = prisma): Promise<number> {
  const { count } = await client.session.deleteMany({ where: sessionsOf(userId, options.except) });
  checks.clear();
  return count;
}

export interface SessionUser {
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: string; active: boolean };
}

// Every request checks its session or token. The answer is kept for a second, so a busy client does
// not cost a query per request. This process's own changes (sign-out, role, deactivation, revocation)
// clear it at once, and again when their transaction commits; another process's show within the second.
const checks = caches.checks;
const cached = <T>(key: string, load: () => Promise<T>) => checks.get(key, load) as Promise<T>;

const sessionUserSelect = { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, active: true } } } as const;

export function findSessionUser(id: string): Promise<SessionUser | null> {
  return cached(`s:${id}`, () =>
    prisma.session.findUnique({ where: { id }, select: sessionUserSelect }),
  );
}

// ---------------------------------------------------------------------------------------------
// API tokens

export interface TokenRecord {
  id: string;
  name: string;
  prefix: string;
  access: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const tokenSelect = { id: true, name: true, prefix: true, access: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true } as const;

/**
 * Takes the person's row for the rest of the transaction (a write of its updatedAt: PostgreSQL's row lock,
 * SQLite's write lock), so that a check counting their rows and the insert after it run one request at a
 * time: the 50-live-tokens limit, counted by a burst of requests at once, was passed on PostgreSQL.
 */
export async function lockPerson(userId: string, client: PeopleClient): Promise<void> {
  await client.user.updateMany({ where: { id: userId }, data: { updatedAt: new Date() } });
}

export function countLiveTokens(userId: string, client: PeopleClient = prisma): Promise<number> {
  return client.apiToken.count({ where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } });
}

export function insertToken(
  data: { userId: string; name: string; tokenHash: string; prefix: string; access: string; expiresAt: Date | null },
  client: PeopleClient = prisma,
): Promise<TokenRecord> {
  return client.apiToken.create({ data, select: tokenSelect });
}

export function findTokensOf(userId: string): Promise<TokenRecord[]> {
  return prisma.apiToken.findMany({ where: { userId }, select: tokenSelect, orderBy: { createdAt: "desc" } });
}

export function findToken(id: string, client: PeopleClient = prisma): Promise<(TokenRecord & { userId: string }) | null> {
  return client.apiToken.findUnique({ where: { id }, select: { ...tokenSelect, userId: true } });
}

export async function revokeTokenRow(id: string, client: PeopleClient = prisma): Promise<TokenRecord> {
  const row = await client.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, select: tokenSelect });
  checks.clear();
  return row;
}

/** Revoke every live token of a user (a password reset); returns how many were revoked. */
export async function revokeTokensOf(userId: string, client: PeopleClient = prisma): Promise<number> {
  const { count } = await client.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  checks.clear();
  return count;
}

export interface TokenUser {
  id: string;
  access: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  user: { id: string; email: string; name: string; role: string; active: boolean };
}

const tokenUserSelect = {
  id: true,
  access: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  user: { select: { id: true, email: true, name: true, role: true, active: true } },
} as const;

export function findTokenUser(tokenHash: string): Promise<TokenUser | null> {
  return cached(`t:${tokenHash}`, () => prisma.apiToken.findUnique({ where: { tokenHash }, select: tokenUserSelect }));
}

/**
 * The checks of many callers authorized earlier (lib/auth/recheck.ts: every open live stream's, each
 * second), by session id and by token id: one query for each kind, however many, read afresh.
 */
export async function findCallers(sessionIds: string[], tokenIds: string[]): Promise<{ sessions: Map<string, SessionUser>; tokens: Map<string, TokenUser> }> {
  const [sessions, tokens] = await Promise.all([
    sessionIds.length
      ? prisma.session.findMany({ where: { id: { in: sessionIds } }, select: { id: true, ...sessionUserSelect } })
      : [],
    tokenIds.length ? prisma.apiToken.findMany({ where: { id: { in: tokenIds } }, select: tokenUserSelect }) : [],
  ]);
  return { sessions: new Map(sessions.map(({ id, ...row }) => [id, row])), tokens: new Map(tokens.map((row) => [row.id, row])) };
}

export async function markTokenUsed(id: string): Promise<void> {
  await prisma.apiToken.update({ where: { id }, data: { lastUsedAt: new Date() } });
}
