// A page that could not be rendered because the database cannot be reached answers 503 with
// `Retry-After: 5`, as the API does (lib/http/api.ts), not 500: a monitor, a proxy or a load balancer
// reads a 500 as a fault of the app. So does one that found every pooled connection busy (PostgreSQL: no
// connection freed up within 10 s), with `Retry-After: 1`, as the API's 503 BUSY. The body stays the error
// page (app/error.tsx), which says that the database cannot be reached, or that the server is busy, and
// loads the page again once it answers. It learns which from the answer itself, at once: a marked answer
// carries `Server-Timing: database;desc="unavailable"` (or "busy"), which a page can read of its own
// document (PerformanceNavigationTiming.serverTiming); asking GET /api/health would wait for a connection
// too (up to 10 s when every one is busy).
//
// Next's App Router gives a render that threw before its answer began a 500, whatever was thrown: only
// notFound(), forbidden(), unauthorized() and redirect() choose another status
// (next/dist/server/app-render/app-render.js, its errorRecovery). So the status is changed beside Next:
// - `instrumentation.ts` installs answerOutagesWith503() at start-up: every HTTP request is handled inside
//   an AsyncLocalStorage context of its own, and its answer's status line is checked as it goes out;
// - Next hands every error of a render to `onRequestError` (instrumentation.ts), in that request's context,
//   before the answer starts: noteRequestError() marks the request when the error is the database's;
// - a marked request's 500 goes out as 503 with Retry-After.
import { AsyncLocalStorage } from "node:async_hooks";
import type http from "node:http";
import { databaseTrouble } from "@/lib/errors";
import { aroundRequests } from "./request-hooks";

/** What an error of the request's render said about the database, once one was the database's. */
type Answer = { trouble: "unavailable" | "busy" | null };

/** Seconds before asking again: the API's Retry-After for UNAVAILABLE and BUSY (lib/http/api.ts). */
const RETRY_AFTER = { unavailable: "5", busy: "1" } as const;

// One context per process, shared by every copy of this module Next's bundles hold.
const key = Symbol.for("apparatus.outageStatus");
const shared = globalThis as unknown as { [key]?: AsyncLocalStorage<Answer> };
const answers = (shared[key] ??= new AsyncLocalStorage<Answer>());

/** Start-up: every request is answered in a context of its own, and a marked request's 500 becomes a 503. */
export function answerOutagesWith503(): void {
  aroundRequests("outageStatusInstalled", (_req, res, handle) => {
    const answer: Answer = { trouble: null };
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
      this.setHeader("server-timing", `database;desc="${answer.trouble}"`);
    }
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
}

/**
 * Next's onRequestError: the request being answered is marked when the database could not be reached, or
 * had no pooled connection free in time (a database away outweighs a busy one: its wait is the longer).
 */
export function noteRequestError(error: unknown): void {
  const answer = answers.getStore();
  if (!answer) return;
  const trouble = databaseTrouble(error);
  if (trouble === "unavailable") answer.trouble = "unavailable";
  else if (trouble === "busy" && !answer.trouble) answer.trouble = "busy";
}
