// A page that could not be rendered because the database cannot be reached answers 503 with
// `Retry-After: 5`, as the API does (lib/http/api.ts), not 500: a monitor, a proxy or a load balancer
// reads a 500 as a fault of the app. So does one that found every pooled connection busy (PostgreSQL: no
// connection freed up within 10 s), with `Retry-After: 1`, as the API's 503 BUSY. The body stays the error
// page (app/error.tsx), which says that the database cannot be reached, or that the server is busy, and
// loads the page again once it answers. It learns which at once from its error's digest (lib/errors.ts
// withTroubleDigest), as it does after a link inside the app, whose answer it cannot read; asking GET
// /api/health would wait for a connection too (up to 10 s when every one is busy).
//
// Next's App Router gives a render that threw before its answer began a 500, whatever was thrown: only
// notFound(), forbidden(), unauthorized() and redirect() choose another status
// (next/dist/server/app-render/app-render.js, its errorRecovery). So the status is changed beside Next:
// - `instrumentation.ts` installs answerOutagesWith503() at start-up: every HTTP request is handled inside
//   an AsyncLocalStorage context of its own, and its answer's status line is checked as it goes out;
// - Next hands every error of a render to `onRequestError` (instrumentation.ts), in that request's context,
//   before the answer starts: noteRequestError() marks the request when the error is the database's;
// - a marked request's 500 goes out as 503 with Retry-After.
//
// Next also logs the stack of every error it hands onRequestError (`console.error("⨯", error)`, just
// before: RouteModule's onRequestError, or just after: NextServer's), each request's, often two: while
// PostgreSQL was away that was some 25 lines for every page asked. quietRepeatedStacks() holds back a
// request's log of a database error until noteRequestError() decides: the first stack of each page and
// trouble is written (again once the page has not failed so for a minute), then one line per page and
// trouble every 10 s with how many failed since (lib/failure-log.ts failuresByKind), and nothing else.
import { AsyncLocalStorage } from "node:async_hooks";
import type http from "node:http";
import { databaseTrouble } from "@/lib/errors";
import { failuresByKind, type FailuresByKind } from "@/lib/failure-log";
import { aroundRequests } from "./request-hooks";

/**
 * What an error of the request's render said about the database, once one was the database's; whether
 * the request's database failure is in the log already (as a stack, a line or a count).
 */
type Answer = { trouble: "unavailable" | "busy" | null; logged: boolean };

/** What Next's onRequestError is told of the request's route (its third argument). */
export interface RequestErrorContext {
  routePath?: string;
  routeType?: string;
}

/** How the log names a route of each of Next's types. */
const ROUTE_TYPES: Record<string, string> = { render: "Page", route: "Route", action: "Server action", middleware: "Proxy" };
/** At most one line per page and trouble this often; a page that has not failed so for `EPISODE_MS` has its next stack logged. */
const LOG_EVERY_MS = 10_000;
const EPISODE_MS = 60_000;

/** Seconds before asking again: the API's Retry-After for UNAVAILABLE and BUSY (lib/http/api.ts). */
const RETRY_AFTER = { unavailable: "5", busy: "1" } as const;

// One context per process, shared by every copy of this module Next's bundles hold.
const key = Symbol.for("apparatus.outageStatus");
const logKey = Symbol.for("apparatus.outageLog");
type OutageLog = {
  failures: FailuresByKind;
  /** Whether a request's database error is to be logged as it comes (true) or left out (false). */
  verdicts: WeakMap<object, boolean>;
  /** A request's logs of a database error not decided yet (quietRepeatedStacks). */
  held: Map<object, unknown[][]>;
  /** console.error as it was. */
  write: (...args: unknown[]) => void;
};
const shared = globalThis as unknown as { [key]?: AsyncLocalStorage<Answer>; [logKey]?: OutageLog };
const answers = (shared[key] ??= new AsyncLocalStorage<Answer>());
const log: OutageLog = (shared[logKey] ??= {
  failures: failuresByKind({ everyMs: LOG_EVERY_MS, episodeMs: EPISODE_MS }),
  verdicts: new WeakMap<object, boolean>(),
  held: new Map<object, unknown[][]>(),
  write: console.error.bind(console),
});

/** Start-up: every request is answered in a context of its own, and a marked request's 500 becomes a 503. */
export function answerOutagesWith503(): void {
  aroundRequests("outageStatusInstalled", (_req, res, handle) => {
    const answer: Answer = { trouble: null, logged: false };
    statusOnTheWayOut(res, answer);
    return answers.run(answer, handle);
  });
}

/** `res.writeHead` (which Node calls for an implicit head too) sends a marked request's 500 as a 503. */
function statusOnTheWayOut(res: http.ServerResponse, answer: Answer): void {
  const writeHead = res.writeHead as (this: http.ServerResponse, ...args: unknown[]) => http.ServerResponse;
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    if (args[0] === 500 && answer.trouble) {
      args[0] = 503;
      if (typeof args[1] === "string") args.splice(1, 1); // "Internal Server Error" would no longer be the status's phrase
      this.statusCode = 503;
      this.setHeader("retry-after", RETRY_AFTER[answer.trouble]);
    }
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
}

/**
 * Next's onRequestError: the request being answered is marked when the database could not be reached, or
 * had no pooled connection free in time (a database away outweighs a busy one: its wait is the longer);
 * and whether Next's log of the error's stack is written (quietRepeatedStacks).
 */
export function noteRequestError(error: unknown, context: RequestErrorContext = {}): void {
  const answer = answers.getStore();
  if (!answer) return;
  const trouble = databaseTrouble(error);
  if (!trouble) return;
  if (trouble === "unavailable") answer.trouble = "unavailable";
  else if (!answer.trouble) answer.trouble = "busy";
  if (typeof error !== "object" || error === null) return;
  const kind = `${ROUTE_TYPES[context.routeType ?? ""] ?? "Request"} ${context.routePath ?? "?"} (database ${trouble === "busy" ? "busy" : "unreachable"})`;
  const line = () =>
    trouble === "busy"
      ? "no database connection came free within 10 s; answered 503"
      : `${(error as Error).message?.trim().split("\n").pop() ?? "the database cannot be reached"}; answered 503`;
  // One report per request: a render often hands Next two errors of the same query.
  const stack = !answer.logged && log.failures.failed(kind, line);
  answer.logged = true;
  log.verdicts.set(error, stack);
  const held = log.held.get(error);
  log.held.delete(error);
  if (stack) held?.forEach((args) => log.write(...args));
}

/**
 * Start-up: a request's console.error of a database error (Next's log of its stack) waits for
 * noteRequestError()'s verdict on it, written or left out; one that gets none within the turn of the
 * event loop is written then. Every other line is written as it comes.
 */
export function quietRepeatedStacks(): void {
  const marker = Symbol.for("apparatus.quietRepeatedStacksInstalled");
  const installed = globalThis as unknown as { [marker]?: true };
  if (installed[marker]) return;
  installed[marker] = true;
  log.write = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const error = answers.getStore() ? args.find((arg): arg is object => typeof arg === "object" && arg !== null && databaseTrouble(arg) !== null) : undefined;
    if (!error) return log.write(...args);
    const verdict = log.verdicts.get(error);
    if (verdict !== undefined) return verdict ? log.write(...args) : undefined;
    const held = log.held.get(error);
    if (held) return void held.push(args);
    log.held.set(error, [args]);
    setImmediate(() => {
      log.held.get(error)?.forEach((later) => log.write(...later));
      log.held.delete(error);
    });
  };
}
