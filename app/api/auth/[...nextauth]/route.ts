// /api/auth/* — next-auth (credentials sign-in, sign-out, CSRF, session). Sign-ins are throttled inside
// `authorize` (lib/auth/options.ts), whatever the body's encoding; this wrapper only turns a throttled
// outcome (an error redirect, or `{ url }` for `json: "true"`) into a 429 with Retry-After.
import NextAuth from "next-auth";
import { authOptions, parseThrottled } from "@/lib/auth/options";
import { errorResponse } from "@/lib/http/api";
import { AppError } from "@/lib/errors";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function POST(req: Request, ctx: Ctx) {
  const res: Response = await handler(req, ctx);
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
