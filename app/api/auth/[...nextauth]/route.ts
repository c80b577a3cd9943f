// /api/auth/* — next-auth (credentials sign-in, sign-out, CSRF, session). Sign-ins are throttled inside
// `authorize` (lib/auth/options.ts), whatever the body's encoding; this wrapper only turns a throttled
// outcome (an error redirect, or `{ url }` for `json: "true"`) into a 429 with Retry-After.
import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions, parseThrottled } from "@/lib/auth/options";
import { errorResponse, readBody } from "@/lib/http/api";
import { AppError } from "@/lib/errors";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Sign-in, sign-out and CSRF bodies are a few fields; next-auth itself would read any size, and
// answer a JSON body it cannot parse with a 500.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

async function POST(req: NextRequest, ctx: Ctx) {
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
  if (nextauth.join("/") !== "callback/credentials" || (res.status !== 302 && res.status !== 401)) return res;
  const wait = parseThrottled(await errorOf(res));
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

export { handler as GET, POST };
