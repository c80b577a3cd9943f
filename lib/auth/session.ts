import "server-only";
// Who is asking: a browser session (next-auth JWT cookie naming a Session row) or a personal API token.
// Every page and route calls these helpers; the database is consulted on every request, so a sign-out,
// a deactivation or a revoked token takes effect at the next request.
import crypto from "node:crypto";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import { db } from "@/lib/db";
import { sqlNow, stmt, writeTransaction } from "@/lib/sql";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { asRole, type CurrentUser, type Role } from "./roles";

export const SESSION_COOKIE = env.secureCookies ? "__Secure-apparatus.session" : "apparatus.session";

export async function createSession(userId: string): Promise<string> {
  const id = crypto.randomBytes(24).toString("base64url");
  await db.session.create({
    data: { id, userId, expiresAt: new Date(Date.now() + env.sessionMaxAgeSeconds * 1000) },
  });
  return id;
}

export async function endSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

async function userFromSessionCookie(value: string | undefined): Promise<CurrentUser | null> {
  if (!value) return null;
  let token;
  try {
    token = await decode({ token: value, secret: env.authSecret });
  } catch {
    return null;
  }
  const sid = typeof token?.sid === "string" ? token.sid : null;
  if (!sid) return null;
  // Every request checks its session row, so sign-out and deactivation take effect at once (plain SQL: hot path).
  const row = sessionLookup().get(sid) as SessionRow | undefined;
  if (!sessionRowValid(row)) return null;
  return { id: row.id, email: row.email, name: row.name, role: asRole(row.role), via: "session", sessionId: sid };
}

const sessionLookup = () =>
  stmt("SELECT s.expiresAt, u.id, u.email, u.name, u.role, u.active FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ?");
const tokenLookup = () =>
  stmt(
    "SELECT t.id AS tokenId, t.expiresAt, t.revokedAt, t.lastUsedAt, u.id, u.email, u.name, u.role, u.active FROM ApiToken t JOIN User u ON u.id = t.userId WHERE t.tokenHash = ?",
  );

export const hashApiToken = (secret: string) => crypto.createHash("sha256").update(secret).digest("hex");

async function userFromBearer(header: string): Promise<CurrentUser | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return null;
  const row = tokenLookup().get(hashApiToken(match[1])) as
    | { tokenId: string; expiresAt: string | null; revokedAt: string | null; lastUsedAt: string | null; id: string; email: string; name: string; role: string; active: number }
    | undefined;
  if (!tokenRowValid(row)) return null;
  // Record use at most once a minute: a hot API client should not turn every read into a write.
  if (!row.lastUsedAt || Date.now() - Date.parse(row.lastUsedAt) > 60_000) {
    await writeTransaction(() => stmt("UPDATE ApiToken SET lastUsedAt = ? WHERE id = ?").run(sqlNow(), row.tokenId));
  }
  return { id: row.id, email: row.email, name: row.name, role: asRole(row.role), via: "token", tokenId: row.tokenId };
}

type SessionRow = { expiresAt: string; id: string; email: string; name: string; role: string; active: number };
const sessionRowValid = (row: SessionRow | undefined): row is SessionRow => !!row && Date.parse(row.expiresAt) > Date.now() && !!row.active;
type TokenRow = { expiresAt: string | null; revokedAt: string | null; active: number; role: string };
const tokenRowValid = (row: TokenRow | undefined): row is TokenRow =>
  !!row && !row.revokedAt && !(row.expiresAt && Date.parse(row.expiresAt) <= Date.now()) && !!row.active;

/** Whether a Session row is still valid (not signed out, not expired, its user active). */
export function sessionIsLive(sessionId: string): boolean {
  return sessionRowValid(sessionLookup().get(sessionId) as SessionRow | undefined);
}

/**
 * Whether a caller authenticated earlier still is, and with the same role: one indexed lookup, for long
 * requests (the live stream re-checks this every second). "ended" after a sign-out, a token revocation
 * or expiry, or a deactivation; "role_changed" when the user's role is no longer the one authorized.
 */
export function authorizationState(user: CurrentUser): "ok" | "role_changed" | "ended" {
  let row: { role: string } | undefined;
  if (user.via === "session" && user.sessionId) {
    const session = sessionLookup().get(user.sessionId) as SessionRow | undefined;
    if (sessionRowValid(session)) row = session;
  } else if (user.via === "token" && user.tokenId) {
    const token = stmt("SELECT t.expiresAt, t.revokedAt, u.active, u.role FROM ApiToken t JOIN User u ON u.id = t.userId WHERE t.id = ?").get(user.tokenId) as
      | TokenRow
      | undefined;
    if (tokenRowValid(token)) row = token;
  }
  if (!row) return "ended";
  return asRole(row.role) === user.role ? "ok" : "role_changed";
}

/** The user behind an API request (Bearer token or session cookie), or null. */
export async function userFromRequest(req: Request): Promise<CurrentUser | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) return userFromBearer(authorization);
  const store = await cookies();
  return userFromSessionCookie(store.get(SESSION_COOKIE)?.value);
}

/** The signed-in user of a page, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const store = await cookies();
  return userFromSessionCookie(store.get(SESSION_COOKIE)?.value);
}

/** For pages: the signed-in user, or a redirect to sign-in (optionally requiring a role). */
export async function requirePageUser(options: { roles?: Role[]; next?: string } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(options.next ? `/login?next=${encodeURIComponent(options.next)}` : "/login");
  if (options.roles && !options.roles.includes(user.role)) redirect("/");
  return user;
}

/** For API routes: the user, or a 401/403 AppError. */
export async function requireApiUser(req: Request, roles?: Role[]): Promise<CurrentUser> {
  const user = await userFromRequest(req);
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in or send a valid API token.");
  if (roles && !roles.includes(user.role)) throw new AppError("FORBIDDEN", "Your role does not allow this.");
  return user;
}
