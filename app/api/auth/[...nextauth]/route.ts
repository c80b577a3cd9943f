// /api/auth/* — next-auth (credentials sign-in, sign-out, CSRF, session). Sign-ins are throttled inside
// `authorize` (lib/auth/options.ts), whatever the body's encoding; this wrapper turns a throttled
// outcome (an error redirect, or `{ url }` for `json: "true"`) into a 429 with Retry-After (and one that
// could not reach the database into a 503, not a wrong password; so too a session check, which next-auth
// would answer `{}` with the cookie cleared, a sign-out), and keeps
// from next-auth the input it would answer with a 500 (an unreadable body, a callbackUrl that is no address).
import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions, checkingSessions, parseThrottled } from "@/lib/auth/options";
import { answerToError, databaseUnavailable, errorResponse, readBody, otherMethods, toAppError } from "@/lib/http/api";
import { endSessionOfCookie, SESSION_COOKIE } from "@/lib/auth/session";
import { DATABASE_BUSY, DATABASE_UNAVAILABLE } from "@/lib/auth/sign-in-errors";
import { AppError } from "@/lib/errors";

const nextAuth = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's answer, or a 503 UNAVAILABLE (BUSY) when its session check (GET /api/auth/session, an update by
 * POST) could not reach the database (found every connection busy): next-auth's `{}` and cleared cookie
 * would sign the browser out.
 */
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const { res, databaseError } = await checkingSessions(() => nextAuth(req, ctx));
  return databaseError ? answerToError(databaseError, "Session check failed:") : res;
}

// Sign-in, sign-out and CSRF bodies are a few fields; next-auth itself would read any size, and
// answer a JSON body it cannot parse with a 500.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** next-auth's own test of a callbackUrl (core/lib/assert.js): an http(s) address, or a path. */
function isHttpAddress(url: string, base: string): boolean {
  try {
    return /^https?:$/.test(new URL(url, url.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * next-auth refuses a callbackUrl that is no http(s) address, in the query or in its cookie, with a 500
 * ("a problem with the server configuration"). Either is refused here with a 400 instead; the cookie
 * (next-auth writes it, so only a hand-made one is refused) is cleared with the answer, so that no
 * browser stays stuck. (next-auth reads the cookies from next/headers, so they cannot be filtered.)
 */
function refuseBadCallbackUrl(req: NextRequest): Response | null {
  const asked = req.nextUrl.searchParams.get("callbackUrl");
  if (asked !== null && !isHttpAddress(asked, req.nextUrl.origin)) {
    return errorResponse(new AppError("INVALID_INPUT", "callbackUrl must be a path on this site or an http(s) address."));
  }
  const bad = CALLBACK_COOKIES.filter((name) => {
    const value = req.cookies.get(name)?.value;
    return value !== undefined && !isHttpAddress(value, req.nextUrl.origin);
  });
  if (bad.length === 0) return null;
  const res = errorResponse(new AppError("INVALID_INPUT", "The sign-in's return address (its cookie) is not an address; it was cleared: try again."));
  for (const name of bad) res.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
  return res;
}

async function GET(req: NextRequest, ctx: Ctx) {
  // The only provider signs in by POST; next-auth answers a GET of its callback with a 500.
  const { nextauth } = await ctx.params;
  if (nextauth[0] === "callback") {
    const res = errorResponse(new AppError("METHOD_NOT_ALLOWED", "Sign in with POST /api/auth/callback/credentials."));
    res.headers.set("allow", "POST");
    return res;
  }
  return refuseBadCallbackUrl(req) ?? handler(req, ctx);
}

async function POST(req: NextRequest, ctx: Ctx) {
  const refused = refuseBadCallbackUrl(req);
  if (refused) return refused;
  let bytes: Uint8Array;
  try {
    bytes = await readBody(req, MAX_AUTH_BODY_BYTES);
    if ((req.headers.get("content-type") ?? "").toLowerCase().includes("application/json")) {
      try {
        JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw new AppError("INVALID_INPUT", "The request body is not valid JSON.");
      }
    }
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    throw error;
  }
  const res: Response = await handler(new NextRequest(req.url, { method: req.method, headers: req.headers, body: bytes as BodyInit }), ctx);
  const { nextauth } = await ctx.params;
  // A sign-out next-auth accepted (its answer clears the session cookie) ends the Session row first; when
  // that cannot be done (the database is away), a 503 without next-auth's answer: the cookie is kept.
  if (nextauth.join("/") === "signout" && res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))) {
    try {
      await endSessionOfCookie(req.cookies.get(SESSION_COOKIE)?.value);
    } catch (error) {
      const appError = toAppError(error);
      if (!appError) throw error;
      return errorResponse(appError);
    }
  }
  if (nextauth.join("/") !== "callback/credentials" || (res.status !== 302 && res.status !== 401)) return res;
  const refusal = await errorOf(res);
  if (refusal === DATABASE_UNAVAILABLE) return errorResponse(databaseUnavailable());
  if (refusal === DATABASE_BUSY) {
    return errorResponse(new AppError("BUSY", "The server is too busy to sign you in just now (every connection to its database is in use). Try again in a moment."));
  }
  const wait = parseThrottled(refusal);
  if (wait === null) return res;
  const minutes = Math.ceil(wait / 60);
  const throttled = errorResponse(
    new AppError(
      "RATE_LIMITED",
      wait < 60
        ? `Too many failed sign-ins. Try again in ${wait} second${wait === 1 ? "" : "s"}.`
        : `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    ),
  );
  throttled.headers.set("retry-after", String(wait));
  return throttled;
}

/** The `error` parameter of next-auth's answer: in the Location of a redirect, or in `{ url }` for JSON. */
async function errorOf(res: Response): Promise<string | null> {
  let location = res.headers.get("location");
  if (!location && (res.headers.get("content-type") ?? "").includes("application/json")) {
    const body = (await res.clone().json().catch(() => null)) as { url?: unknown } | null;
    location = typeof body?.url === "string" ? body.url : null;
  }
  if (!location) return null;
  try {
    return new URL(location, "http://localhost").searchParams.get("error");
  } catch {
    return null;
  }
}

export { GET, POST };

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
