import "server-only";
// Who is asking: a browser session (next-auth JWT cookie naming a Session row) or a personal API token.
// Every page and route calls these helpers. The people store answers from the database, or from its
// one-second cache that this process's own changes clear at once, so a sign-out, a deactivation or a
// revoked token takes effect at the next request (within a second when made through another process).
import crypto from "node:crypto";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import { deleteSession, findCallers, findSessionUser, findTokenUser, insertSession, markTokenUsed, type SessionUser, type TokenUser } from "@/lib/users/store";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/service";
import { safeNextPath } from "@/lib/http/safe-next";
import { asRole, type CurrentUser, type Role } from "./roles";
import { deniedHref, mayOpen, type GuardedPage } from "./page-access";

export const SESSION_COOKIE = env.secureCookies ? "__Secure-apparatus.session" : "apparatus.session";

export async function createSession(userId: string): Promise<string> {
  const id = crypto.randomBytes(24).toString("base64url");
  await insertSession({ id, userId, expiresAt: new Date(Date.now() + env.sessionMaxAgeSeconds * 1000) });
  return id;
}

export async function endSession(sessionId: string): Promise<void> {
  await deleteSession(sessionId);
}

/**
 * Sign-out's server side: ends the Session row the cookie names, and audits it. The sign-out route calls it
 * once next-auth has accepted the sign-out (its CSRF check), before its answer clears the cookie: when the
 * row cannot be deleted (the database cannot be reached) this throws, the route answers 503 and the browser
 * keeps its cookie to sign out again. (A sign-out that only cleared the cookie left the session good for any
 * copy of it until it expired.)
 */
export async function endSessionOfCookie(value: string | undefined): Promise<void> {
  if (!value) return;
  let token;
  try {
    token = await decode({ token: value, secret: env.authSecret });
  } catch {
    return;
  }
  if (typeof token?.sid !== "string") return;
  await endSession(token.sid);
  const userId = typeof token.sub === "string" ? token.sub : null;
  await recordAudit({ type: "sign_out", actorId: userId, targetId: userId });
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
  // Every request checks its session row, so sign-out and deactivation take effect (see the people store's cache).
  const row = await findSessionUser(sid);
  if (!sessionValid(row)) return null;
  const { id, email, name, role } = row.user;
  return { id, email, name, role: asRole(role), via: "session", sessionId: sid };
}

export const hashApiToken = (secret: string) => crypto.createHash("sha256").update(secret).digest("hex");

const BEARER = /^Bearer\s+(\S+)\s*$/i;

async function userFromBearer(header: string): Promise<CurrentUser | null> {
  const match = BEARER.exec(header);
  if (!match) return null;
  const row = await findTokenUser(hashApiToken(match[1]));
  if (!tokenValid(row)) return null;
  // Record use at most once a minute: a hot API client should not turn every read into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    row.lastUsedAt = new Date(); // the cached check too
    await markTokenUsed(row.id);
  }
  const { id, email, name, role } = row.user;
  return { id, email, name, role: asRole(role), via: "token", tokenId: row.id, tokenAccess: row.access === "read" ? "read" : "write" };
}

const sessionValid = (row: SessionUser | null): row is SessionUser => !!row && row.expiresAt.getTime() > Date.now() && row.user.active;
const tokenValid = (row: TokenUser | null): row is TokenUser =>
  !!row && !row.revokedAt && !(row.expiresAt && row.expiresAt.getTime() <= Date.now()) && row.user.active;

/** Whether a Session row is still valid (not signed out, not expired, its user active). */
export async function sessionIsLive(sessionId: string): Promise<boolean> {
  return sessionValid(await findSessionUser(sessionId));
}

/**
 * What a caller authenticated earlier is now: "ok"; "ended" after a sign-out, a token revocation or
 * expiry, or a deactivation; "role_changed" when the user's role is no longer the one authorized.
 */
export type CallerState = "ok" | "role_changed" | "ended";

/**
 * The states of many callers authenticated earlier, for long requests (lib/auth/recheck.ts): read
 * afresh, one query for all their sessions and one for all their tokens.
 */
export async function callerStates(users: CurrentUser[]): Promise<CallerState[]> {
  const ids = (via: CurrentUser["via"], key: "sessionId" | "tokenId") => [...new Set(users.flatMap((u) => (u.via === via && u[key] ? [u[key]] : [])))];
  const { sessions, tokens } = await findCallers(ids("session", "sessionId"), ids("token", "tokenId"));
  return users.map((user) => {
    let role: string | null = null;
    if (user.via === "session" && user.sessionId) {
      const row = sessions.get(user.sessionId) ?? null;
      if (sessionValid(row)) role = row.user.role;
    } else if (user.via === "token" && user.tokenId) {
      const row = tokens.get(user.tokenId) ?? null;
      if (tokenValid(row)) role = row.user.role;
    }
    if (role === null) return "ended";
    return asRole(role) === user.role ? "ok" : "role_changed";
  });
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

/** The page being asked for (path and query), as proxy.ts passes it on; layouts cannot see it otherwise. */
export const REQUEST_PATH_HEADER = "x-apparatus-path";

/**
 * For pages and layouts: the signed-in user, or a redirect to sign-in that comes back to the page
 * asked for (`next`, else the request's own path). A guarded `page` (lib/auth/page-access.ts) also
 * requires one of its roles: anyone else goes to the library, which says why (`/?denied=<page>`).
 */
export async function requirePageUser(options: { page?: GuardedPage; next?: string } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    const next = safeNextPath(options.next ?? (await headers()).get(REQUEST_PATH_HEADER), "");
    redirect(next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login");
  }
  if (options.page && !mayOpen(options.page, user.role)) redirect(deniedHref(options.page));
  return user;
}

/**
 * Why a request's Authorization header authenticates nobody, for the 401 (`details.reason` for scripts).
 * Whoever holds a token may learn that it expired or was revoked: a script that stops working after the
 * default 90 days is then told so, instead of the same answer as a mistyped secret.
 */
async function bearerRefusal(header: string): Promise<AppError> {
  const refuse = (reason: string, message: string) => new AppError("UNAUTHENTICATED", message, { reason });
  const match = BEARER.exec(header);
  if (!match) return refuse("BAD_AUTHORIZATION", "The Authorization header must be `Bearer <token>`, with an API token from the account page.");
  const row = await findTokenUser(hashApiToken(match[1]));
  if (!row) return refuse("TOKEN_UNKNOWN", "This API token is not known: check that it was copied whole, or create one on the account page.");
  if (row.revokedAt) return refuse("TOKEN_REVOKED", `This API token was revoked at ${row.revokedAt.toISOString()}; create a new one on the account page.`);
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
    return refuse("TOKEN_EXPIRED", `This API token expired at ${row.expiresAt.toISOString()}; create a new one on the account page.`);
  }
  if (!row.user.active) return refuse("ACCOUNT_INACTIVE", "The account this API token belongs to is deactivated.");
  return refuse("TOKEN_UNKNOWN", "Sign in or send a valid API token."); // valid by now: it was not a moment ago
}

/** What a read-only token may ask for. */
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** For API routes: the user, or a 401/403 AppError (also a read-only token's write). */
export async function requireApiUser(req: Request, roles?: Role[]): Promise<CurrentUser> {
  const user = await userFromRequest(req);
  const authorization = req.headers.get("authorization");
  if (!user && authorization) throw await bearerRefusal(authorization);
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in or send a valid API token.");
  if (user.tokenAccess === "read" && !READS.has(req.method)) {
    throw new AppError("FORBIDDEN", "This API token can only read (GET requests). Create a token that may write on the account page.", { reason: "TOKEN_READ_ONLY" });
  }
  if (roles && !roles.includes(user.role)) throw new AppError("FORBIDDEN", "Your role does not allow this.");
  return user;
}
