import "server-only";
// The one wrapper every API route goes through: authenticate, refuse cross-site writes, map errors to JSON.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, isDatabaseUnavailable, isPoolWaitTimeout, isTransactionTimeout, isUniqueViolation } from "@/lib/errors";
import { requireApiUser } from "@/lib/auth/session";
import type { CurrentUser, Role } from "@/lib/auth/roles";
import { env } from "@/lib/env";

export const MAX_JSON_BYTES = 1024 * 1024;
const MAX_JSON_DEPTH = 64;

export function errorResponse(error: AppError): NextResponse {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details !== undefined) body.error.details = error.details;
  const headers: Record<string, string> = { "cache-control": "no-store" };
  // A body refused for its size was not read to its end: close the connection after the answer
  // rather than keep a socket with the rest of the upload still in it.
  if (error.code === "PAYLOAD_TOO_LARGE") headers.connection = "close";
  if (error.code === "BUSY") headers["retry-after"] = "1";
  if (error.code === "UNAVAILABLE") headers["retry-after"] = "5";
  return NextResponse.json(body, { status: error.status, headers });
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/**
 * Handlers for the methods a route does not take: a JSON 405 like every other API error, with the Allow
 * header HTTP asks for (Next answers them with an empty 405 and no Allow), and OPTIONS answering that
 * list (Next's own would list these handlers too). A route ends with
 * `export const { PUT, DELETE, OPTIONS } = otherMethods("GET", "POST");` naming the rest; the type lets
 * it name only methods it does not take, and lib/http/routes.test.ts checks that every route names them all.
 */
export function otherMethods<A extends Method>(...allowed: A[]): Record<Exclude<Method, A> | "OPTIONS", (req: Request) => Response> {
  const allow = [...allowed, ...(allowed.includes("GET" as A) ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse = (req: Request) => {
    const res = errorResponse(new AppError("METHOD_NOT_ALLOWED", `${req.method} is not allowed at ${new URL(req.url).pathname}; it takes ${allow}.`));
    res.headers.set("allow", allow);
    return res;
  };
  const handlers: Record<string, (req: Request) => Response> = Object.fromEntries(METHODS.filter((m) => !allowed.includes(m as A)).map((m) => [m, refuse]));
  handlers.OPTIONS = () => new Response(null, { status: 204, headers: { allow } });
  return handlers as unknown as Record<Exclude<Method, A> | "OPTIONS", (req: Request) => Response>;
}

/**
 * The answer for an error a handler threw, or null for a fault of ours (a 500). A unique-constraint
 * violation from either engine or Prisma is a write that lost a race to another one with the same key
 * (the services check first, so only a race gets here): a conflict, and the refused write changed nothing.
 * A transaction that waited too long for its turn was rolled back: busy (503, Retry-After), nothing changed.
 * A database that cannot be reached (PostgreSQL restarting or stopped) is unavailable (503, Retry-After),
 * not a fault of ours: the request can be made again once it is back, which the server notices by itself.
 */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return new AppError("INVALID_INPUT", describeZodError(error), error.issues);
  if (isUniqueViolation(error)) return new AppError("CONFLICT", "That already exists: it was saved at the same time by another request. Nothing was changed.");
  if ((error as { code?: unknown })?.code === "P2025") return new AppError("NOT_FOUND", "Not found.");
  if (isTransactionTimeout(error)) return new AppError("BUSY", "The server is too busy to make this change now. Nothing was changed; try again in a moment.");
  if (isPoolWaitTimeout(error)) return new AppError("BUSY", "The server is too busy to answer now (every database connection is in use). Try again in a moment.");
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  return null;
}

let unavailableNotedAt = 0;
/** One line in the server's log, at most every 10 s, while the database cannot be reached (not a stack per request). */
function noteDatabaseUnavailable(error: unknown): void {
  if (Date.now() - unavailableNotedAt < 10_000) return;
  unavailableNotedAt = Date.now();
  console.error(`The database cannot be reached; answering 503 meanwhile: ${(error as Error)?.message?.trim().split("\n").pop() ?? error}`);
}

/** The answer to an error a route did not handle: its AppError's (a database away noted in the log), else a 500 logged as `where`. */
export function answerToError(error: unknown, where: string): NextResponse {
  const appError = toAppError(error);
  if (appError?.code === "UNAVAILABLE") noteDatabaseUnavailable(error);
  if (appError) return errorResponse(appError);
  console.error(where, error);
  return NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong on the server." } }, { status: 500 });
}

export const databaseUnavailable = () =>
  new AppError("UNAVAILABLE", "The database cannot be reached just now (it may be restarting). Try again in a moment.");

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// Cookie-authenticated writes must come from our own pages (SameSite=Lax already blocks most; this is the
// second lock). A browser names the origin of every write (Origin, and Sec-Fetch-Site in current ones),
// so a cookie-carrying write that names neither did not come from our pages and is refused. Requests
// authenticated by a Bearer token carry no ambient credentials and need neither.
function assertSameOrigin(req: Request): void {
  if (!UNSAFE.has(req.method) || req.headers.get("authorization")) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("FORBIDDEN", "Cross-site requests are not allowed.");
  }
  const origin = req.headers.get("origin");
  if (!site && !origin) {
    throw new AppError("FORBIDDEN", "Writes signed in with a session cookie must carry an Origin header (browsers send it); scripts use an API token.");
  }
  if (origin) {
    // The host the browser asked for: a proxy's X-Forwarded-Host only when one is trusted (TRUST_PROXY), as
    // for the client's address (client-ip.ts); without one, anyone could name any host there.
    const host = (env.trustProxy && req.headers.get("x-forwarded-host")) || req.headers.get("host");
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) throw new AppError("FORBIDDEN", "Cross-site requests are not allowed.");
  }
}

type Params = Record<string, string>;
export interface RouteContext<P extends Params> {
  req: Request;
  user: CurrentUser;
  params: P;
}

/** Wrap a route handler: `export const GET = apiRoute(async ({ user, params }) => ..., { roles })`. */
export function apiRoute<P extends Params = Params>(
  handler: (ctx: RouteContext<P>) => Promise<unknown>,
  options: { roles?: Role[] } = {},
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const user = await requireApiUser(req, options.roles);
      assertSameOrigin(req);
      const params = context?.params ? await context.params : ({} as P);
      // No stored id holds a NUL, and PostgreSQL cannot even compare one: such an id names nothing.
      if (Object.values(params).some((v) => typeof v === "string" && v.includes("\u0000"))) {
        throw new AppError("NOT_FOUND", "That was not found (its address holds a NUL character).");
      }
      const result = await handler({ req, user, params });
      if (result instanceof Response) return result;
      if (result === undefined) return new NextResponse(null, { status: 204 });
      return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return answerToError(error, `Unhandled error in ${req.method} ${new URL(req.url).pathname}`);
    }
  };
}

// Lone UTF-16 surrogates ("\ud800" escapes are valid JSON) cannot be stored as UTF-8: SQLite would
// silently turn them into U+FFFD. With the u flag a proper pair is one code point and does not match.
const UNPAIRED_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Refuse parsed JSON that is nested deeper than maxDepth or holds a string (value or key) with an
 * unpaired surrogate. Iterative, so hostile nesting cannot overflow the stack.
 */
export function assertSaneJson(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > maxDepth) throw new AppError("INVALID_INPUT", "The JSON is nested too deeply.");
    if (typeof v === "string") {
      if (UNPAIRED_SURROGATE.test(v)) throw brokenText();
    } else if (v && typeof v === "object") {
      for (const [key, child] of Object.entries(v)) {
        if (UNPAIRED_SURROGATE.test(key)) throw brokenText();
        stack.push([child, d + 1]);
      }
    }
  }
}

const brokenText = () =>
  new AppError("INVALID_INPUT", "The JSON contains broken characters (unpaired UTF-16 surrogates) that cannot be stored as UTF-8.");

// A body somewhat over its limit is read to its end (and dropped) before the 413, so a client still
// sending sees the answer instead of a broken pipe; past this much more, or this long, we stop
// reading (a client trickling bytes must not hold the request open).
const DRAIN_BYTES = 32 * 1024 * 1024;
const DRAIN_MS = 5_000;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  for (let read = 0; read <= budget; ) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeUp = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()))));
    const chunk = await Promise.race([reader.read(), timeUp]);
    clearTimeout(timer);
    if (!chunk || chunk.done) return;
    read += chunk.value.byteLength;
  }
}

/** Read the request body as bytes, refusing more than maxBytes (413). */
export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const total = await eachBodyChunk(req, maxBytes, (chunk) => void chunks.push(chunk));
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * Writes the request body to a new temporary file instead of holding it (POST /api/import: up to
 * 200 MB, read from there as a stream), refusing more than maxBytes (413) as readBody does. The
 * caller deletes it with `dispose()`.
 */
export async function spoolBody(req: Request, maxBytes: number): Promise<{ path: string; dispose: () => Promise<void> }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "apparatus-body-"));
  const dispose = () => fs.promises.rm(dir, { recursive: true, force: true });
  const file = path.join(dir, "body");
  try {
    const handle = await fs.promises.open(file, "w");
    try {
      await eachBodyChunk(req, maxBytes, async (chunk) => {
        for (let at = 0; at < chunk.byteLength; ) at += (await handle.write(chunk, at)).bytesWritten;
      });
    } finally {
      await handle.close();
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { path: file, dispose };
}

/** Hands the request body to `sink` chunk by chunk, refusing more than maxBytes (413); its size. */
async function eachBodyChunk(req: Request, maxBytes: number, sink: (chunk: Uint8Array) => void | Promise<void>): Promise<number> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!req.body) {
    if (declared > maxBytes) throw tooLarge(maxBytes);
    return 0;
  }
  const reader = req.body.getReader();
  const refuse = async (): Promise<never> => {
    if (!declared || declared <= maxBytes + DRAIN_BYTES) await drain(reader, DRAIN_BYTES);
    // Not reader.cancel(): that destroys the request, and with it the socket the 413 must go out on.
    // Stop reading instead; the 413 closes the connection. (A read still pending after the drain's
    // time ran out is rejected by the release.)
    try {
      reader.releaseLock();
    } catch {
      // an older streams implementation refuses to release with a read pending; the 413 closes anyway
    }
    throw tooLarge(maxBytes);
  };
  if (declared > maxBytes) return refuse();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) return refuse();
    await sink(value);
  }
  return total;
}

const tooLarge = (maxBytes: number) =>
  new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);

/**
 * Refuse an HTML form encoding where a JSON body is expected: it is never JSON (and is what a cross-site
 * form would send), and read as JSON it would fail on its boundary line, a message that names no cause.
 */
export function assertNotForm(req: Request, message: string): void {
  const contentType = (req.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("multipart/form-data") || contentType.startsWith("application/x-www-form-urlencoded")) {
    throw new AppError("INVALID_INPUT", message);
  }
}

/** Parse a JSON body with a size limit and a zod schema; every failure is a 400/413 AppError. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.output<S>> {
  assertNotForm(req, "Send JSON (Content-Type: application/json), not form data.");
  const bytes = await readBody(req, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid UTF-8.");
  }
  if (!text.trim()) throw new AppError("INVALID_INPUT", "The request body is empty; send JSON.");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid JSON.");
  }
  assertSaneJson(data);
  return parseInput(schema, data);
}

/** True when a string anywhere in `value` (keys included) holds a NUL character. Iterative. */
function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\u0000")) return true;
    } else if (v && typeof v === "object" && !(v instanceof Blob)) {
      for (const [key, child] of Object.entries(v)) {
        if (key.includes("\u0000")) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * Input through a zod schema; then text with a NUL character (U+0000) is refused (422), on either engine:
 * PostgreSQL cannot store it, and no reviewer types it.
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new AppError("INVALID_INPUT", describeZodError(parsed.error), parsed.error.issues);
  if (hasNul(data)) throw new AppError("UNPROCESSABLE", "Text may not contain NUL characters (U+0000).");
  return parsed.data;
}

/** Query parameters through a zod schema. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parseInput(schema, Object.fromEntries(new URL(req.url).searchParams));
}
