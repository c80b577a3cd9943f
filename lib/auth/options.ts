import "server-only";
// next-auth configuration: email + password credentials, JWT cookie that names a Session row.
import { AsyncLocalStorage } from "node:async_hooks";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { findUserForSignIn, replacePasswordHash } from "@/lib/users/store";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/service";
import { createSession, sessionIsLive, SESSION_COOKIE } from "./session";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { clearFailures, recordFailure, throttledFor } from "./throttle";
import { ACCOUNT_INACTIVE, DATABASE_BUSY, DATABASE_UNAVAILABLE } from "./sign-in-errors";
import { databaseTrouble, isTransactionTimeout } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(1000) });

/**
 * What `authorize` throws for a throttled attempt. next-auth turns a thrown error into an error
 * redirect carrying the message, for form posts and `json: "true"` posts alike; the route
 * (app/api/auth/[...nextauth]/route.ts) recognises it with parseThrottled and answers 429.
 */
const THROTTLED_PREFIX = "SignInThrottled:";
export function parseThrottled(errorParam: string | null): number | null {
  const match = errorParam ? /^SignInThrottled:(\d+)$/.exec(errorParam) : null;
  return match ? Number(match[1]) : null;
}

/**
 * Where next-auth may send a browser after signing in or out (its `callbackUrl`): a path on this site
 * or an address of this origin, else the site's root. next-auth's own rule is the same but parses the
 * address unguarded, so one it cannot parse (`?callbackUrl=http://x:y/`, on any of its routes) was a 500.
 */
export function redirectWithin(url: string, baseUrl: string): string {
  if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
  try {
    if (new URL(url).origin === new URL(baseUrl).origin) return url;
  } catch {
    // not an address: the root
  }
  return baseUrl;
}

// The session check of GET /api/auth/session (see callbacks.session): a cookie whose Session row is
// gone (signed out, expired, deactivated) is no session.
class SessionEnded extends Error {
  constructor() {
    super("The session has ended.");
  }
}

// next-auth answers GET /api/auth/session with `{}` and a cleared cookie whatever its session callback throws:
// a database that cannot be reached, or one whose every pooled connection is busy, would sign the browser
// out. The callback marks its request's check instead, and the route (app/api/auth/[...nextauth]/route.ts)
// answers such a request 503 UNAVAILABLE or BUSY.
const sessionChecks = new AsyncLocalStorage<{ databaseError: unknown }>();

/** Runs next-auth's handler; `databaseError`: the error of a session check that could not reach the database, or found it busy. */
export async function checkingSessions(handle: () => Promise<Response>): Promise<{ res: Response; databaseError: unknown }> {
  const check: { databaseError: unknown } = { databaseError: null };
  const res = await sessionChecks.run(check, handle);
  return { res, databaseError: check.databaseError };
}

/** The credentials step of a sign-in (throttled, audited): the account signed in, or null for a refusal. */
async function signIn(email: string, password: string, ip: string): Promise<{ id: string; email: string; name: string } | null> {
  const wait = await throttledFor(email, ip);
  if (wait > 0) {
    // Refused without checking the password: a right guess during a delay must look like any other.
    await recordAudit({ type: "sign_in_throttled", ip, detail: { email, retryAfterSeconds: wait } });
    throw new Error(`${THROTTLED_PREFIX}${wait}`);
  }
  const user = await findUserForSignIn(email);
  // Always run the KDF, so the answer time does not tell whether the email exists.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await recordFailure(email, ip);
    await recordAudit({ type: "sign_in_failed", targetId: user?.id, ip, detail: { email, reason: !user ? "unknown_email" : "wrong_password" } });
    return null;
  }
  if (!user.active) {
    // The right password: no guess, so not counted against the throttle, and the person is told why.
    await recordAudit({ type: "sign_in_failed", targetId: user.id, ip, detail: { email, reason: "inactive" } });
    throw new Error(ACCOUNT_INACTIVE);
  }
  await clearFailures(email);
  // A hash made with weaker parameters than today's is replaced while the password is at hand.
  if (needsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(password);
    await replacePasswordHash(user.id, user.passwordHash, passwordHash);
  }
  await recordAudit({ type: "sign_in", actorId: user.id, targetId: user.id, ip });
  return { id: user.id, email: user.email, name: user.name };
}

export const authOptions: NextAuthOptions = {
  // Read when a request needs it, not at import (env.authSecret may generate and keep one).
  get secret() {
    return env.authSecret;
  },
  session: { strategy: "jwt", maxAge: env.sessionMaxAgeSeconds },
  jwt: { maxAge: env.sessionMaxAgeSeconds },
  pages: { signIn: "/login", error: "/login" },
  useSecureCookies: env.secureCookies,
  cookies: {
    sessionToken: {
      name: SESSION_COOKIE,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: env.secureCookies },
    },
  },
  logger: {
    error(code, metadata) {
      // A replayed cookie of an ended session is routine, not a server error.
      const error = (metadata as { error?: unknown } | undefined)?.error ?? metadata;
      // Nor is a database that cannot be reached (the route answers 503 and logs it), or a busy one (503 BUSY).
      if (code === "JWT_SESSION_ERROR" && (error instanceof SessionEnded || databaseTrouble(error))) return;
      console.error(`[next-auth] ${code}`, metadata);
    },
    warn(code) {
      console.warn(`[next-auth] ${code}`);
    },
    debug() {},
  },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Every way credentials reach next-auth (form post or JSON body) ends up here, with the email
      // already parsed: so this is where sign-ins are throttled (lib/auth/throttle.ts).
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(new Headers(req?.headers as Record<string, string> | undefined));
        try {
          return await signIn(email, password, ip);
        } catch (error) {
          // Not "Wrong email or password": the route answers 503, and the form says the database is away,
          // or (every connection busy, or a transaction that waited too long) to try again in a moment.
          const trouble = databaseTrouble(error) ?? (isTransactionTimeout(error) ? "busy" : null);
          if (trouble) throw new Error(trouble === "unavailable" ? DATABASE_UNAVAILABLE : DATABASE_BUSY);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    redirect: ({ url, baseUrl }) => redirectWithin(url, baseUrl),
    async jwt({ token, user }) {
      if (user) token.sid = await createSession(user.id);
      return token;
    },
    async session({ session, token }) {
      if (typeof token.sid !== "string") throw new SessionEnded();
      let live: boolean;
      try {
        live = await sessionIsLive(token.sid);
      } catch (error) {
        const check = sessionChecks.getStore();
        if (check && databaseTrouble(error)) check.databaseError = error;
        throw error;
      }
      if (!live) throw new SessionEnded();
      return { ...session, sid: token.sid };
    },
  },
  // Signing out ends the Session row in the route (app/api/auth/[...nextauth]/route.ts, endSessionOfCookie), not
  // in next-auth's signOut event: next-auth swallows an event's error and clears the cookie all the same.
};
