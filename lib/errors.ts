// One typed error for the whole app, mapped to an HTTP status and a JSON body in lib/http/api.ts.
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  BUSY: 503,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found.`);
export const forbidden = (message = "You are not allowed to do this.") => new AppError("FORBIDDEN", message);

/** A unique-constraint violation, on either engine (Prisma's P2002 included). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505" || code === "P2002";
}

/**
 * Prisma's P2028: an interactive transaction could not start within its wait (every people write waits
 * its turn on SQLite's one writer) or outlived its time, and was rolled back. Nothing was written.
 */
export function isTransactionTimeout(error: unknown): boolean {
  return (error as { code?: unknown })?.code === "P2028";
}

/** pg's pool had no connection free for 10 s (every one busy): nothing was sent to the database. */
export function isPoolWaitTimeout(error: unknown): boolean {
  return someCause(error, (e) => e.message === "timeout exceeded when trying to connect");
}

/** Whether `error`, or an error it wraps (Prisma and its pg adapter wrap pg's), satisfies `test`. */
function someCause(error: unknown, test: (e: Record<string, unknown>) => boolean): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length && seen.size < 16) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const fields = e as Record<string, unknown>;
    if (test(fields)) return true;
    queue.push(fields.cause, (fields.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
  }
  return false;
}

// What a lost or refused database connection looks like, from pg (a socket error, or PostgreSQL's own
// SQLSTATE: 57P01 admin_shutdown when a server stops with open connections, 57P02 crash_shutdown, 57P03
// cannot_connect_now while it starts or stops, class 08 connection exceptions, 53300 too many
// connections) and from Prisma's pg adapter (P1001 not reachable, P1002/P1008 timed out, P1017 connection
// closed, or the adapter's kind under meta.driverAdapterError).
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN",
  "57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006",
  "P1001", "P1002", "P1008", "P1017",
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// pg's errors for a connection that ended under a query, or a client left unusable by that; they carry no code.
const UNAVAILABLE_MESSAGE = /^(Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/**
 * What a database error says about the database: away (`unavailable`: 503 UNAVAILABLE, isDatabaseUnavailable),
 * every pooled connection busy (`busy`: 503 BUSY, isPoolWaitTimeout), or neither (null).
 */
export function databaseTrouble(error: unknown): "unavailable" | "busy" | null {
  if (isDatabaseUnavailable(error)) return "unavailable";
  if (isPoolWaitTimeout(error)) return "busy";
  return null;
}

/**
 * What a database error tells a page's error boundary (app/error.tsx) of the trouble: its `digest`, the one
 * thing of a server error that Next passes on to the browser in production (it keeps an error's own digest
 * and gives every other error a hash of its message and stack). So the error page knows why it was shown
 * however the page's answer came: a first load's 503, the payload of a link followed inside the app, or a
 * part of a page streamed after its answer began.
 */
const TROUBLE_DIGESTS = { unavailable: "DATABASE_UNAVAILABLE", busy: "DATABASE_BUSY" } as const;

/**
 * Gives `error` the digest of its trouble when it is the database's (the data layer's errors, as they are
 * thrown: lib/store/postgres.ts); returns it.
 */
export function withTroubleDigest<T>(error: T): T {
  const trouble = databaseTrouble(error);
  if (trouble && typeof error === "object" && error !== null && Object.isExtensible(error)) (error as { digest?: string }).digest = TROUBLE_DIGESTS[trouble];
  return error;
}

/** The database's trouble an error boundary's `error.digest` names, or null (any other error). */
export function troubleOfDigest(digest: string | undefined): "unavailable" | "busy" | null {
  return digest === TROUBLE_DIGESTS.unavailable ? "unavailable" : digest === TROUBLE_DIGESTS.busy ? "busy" : null;
}

/**
 * The database could not be reached, or dropped the connection (PostgreSQL restarting or stopped, the
 * network, no connection slot left): the request could not be served now and may be tried again, a 503,
 * never a 500. Looks through the causes Prisma and its adapter wrap around pg's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someCause(error, ({ code, originalCode, kind, message }) =>
    (typeof code === "string" && UNAVAILABLE_CODES.has(code)) ||
    (typeof originalCode === "string" && UNAVAILABLE_CODES.has(originalCode)) ||
    (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) ||
    (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)),
  );
}
