// A page's 500 becomes a 503 with Retry-After when its request met a database that cannot be reached, or a
// pool with no connection free in time (lib/http/outage-status.ts), on a real HTTP server: the request's
// handler plays Next's part, handing each of the render's errors (two, as a page's session check often
// gives) to onRequestError's noteRequestError (after a turn of the event loop, as Next does), logging it
// as Next does (`console.error("⨯", error)`, before or after), and then answering 500 as Next's render does.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { isPoolWaitTimeout } from "@/lib/errors";
import { answerOutagesWith503, noteRequestError, quietRepeatedStacks } from "./outage-status";

/** pg's error for a server that refuses connections, as it reaches a render: a new one each time, as a render's. */
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

/** What the server logged with console.error (under quietRepeatedStacks). */
const logged: unknown[][] = [];
const stacksOf = (message: string) => logged.filter((args) => args[0] === "⨯" && (args[1] as Error).message === message).length;
const lines = () => logged.filter((args) => typeof args[0] === "string" && args[0] !== "⨯").map((args) => args[0] as string);

/**
 * pg's own error for a pool whose every connection stays busy: a pool of one on a server that accepts
 * connections and never answers, its one connection being set up, a second request waiting for it.
 */
async function poolWaitTimeout(): Promise<Error> {
  const silent = net.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const pool = new pg.Pool({ host: "127.0.0.1", port: (silent.address() as AddressInfo).port, max: 1, connectionTimeoutMillis: 300 });
  pool.on("error", () => {});
  try {
    const [, waiting] = await Promise.allSettled([pool.query("SELECT 1"), new Promise((r) => setTimeout(r, 20)).then(() => pool.query("SELECT 1"))]);
    expect(waiting.status).toBe("rejected");
    return (waiting as PromiseRejectedResult).reason as Error;
  } finally {
    await pool.end().catch(() => {});
    silent.close();
  }
}

let busy: Error;
let server: http.Server;
let base = "";
beforeAll(async () => {
  busy = await poolWaitTimeout();
  expect(isPoolWaitTimeout(busy), busy.message).toBe(true);
  answerOutagesWith503();
  answerOutagesWith503(); // installed once, however often called
  console.error = (...args: unknown[]) => void logged.push(args);
  quietRepeatedStacks();
  quietRepeatedStacks();
  server = http.createServer((req, res) => {
    const error = () => (req.url!.startsWith("/database") ? refused() : req.url!.startsWith("/busy") ? new Error(busy.message) : new Error("a bug"));
    setTimeout(() => {
      // Next 16 logs a page's error just before handing it to onRequestError (RouteModule), an older
      // path just after (NextServer): one of each.
      const [first, second] = [error(), error()];
      console.error("⨯", first);
      noteRequestError(first, { routeType: "render", routePath: req.url });
      noteRequestError(second, { routeType: "render", routePath: req.url });
      console.error("⨯", second);
      setImmediate(() => {
        res.statusCode = 500;
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.end("<p>the error page</p>");
      });
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("answers a render that could not reach the database 503 with Retry-After: 5, the error page as its body", async () => {
  const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/database`)));
  for (const res of answers) {
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.text()).toBe("<p>the error page</p>");
  }
});

it("leaves any other error a 500, also while other requests meet the database at the same time", async () => {
  const [bug, database] = await Promise.all([fetch(`${base}/bug`), fetch(`${base}/database`)]);
  expect(bug.status).toBe(500);
  expect(bug.headers.get("retry-after")).toBeNull();
  expect(database.status).toBe(503);
});

it("answers a render that found every pooled connection busy 503 with Retry-After: 1, the error page as its body", async () => {
  const [res, bug] = await Promise.all([fetch(`${base}/busy`), fetch(`${base}/bug`)]);
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("1");
  expect(await res.text()).toBe("<p>the error page</p>");
  expect(bug.status).toBe(500);
});

it("does nothing outside a request", () => {
  expect(() => noteRequestError(refused())).not.toThrow();
});

it("logs the stack of a page's first database failure, then one line per page and trouble every 10 s with how many failed since", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    logged.length = 0;
    const ask = (path: string, n = 1) => Promise.all(Array.from({ length: n }, () => fetch(`${base}${path}`)));
    await ask("/database/corpus", 5);
    expect(stacksOf("connect ECONNREFUSED 127.0.0.1:5432")).toBe(1); // one request's first error: not its second, nor the 4 others'
    expect(lines()).toEqual([]);
    await ask("/busy/corpus"); // another trouble, another page: a stack of their own
    await ask("/database/documents/[id]");
    expect(stacksOf("connect ECONNREFUSED 127.0.0.1:5432")).toBe(2);
    expect(stacksOf(busy.message)).toBe(1);
    await ask("/bug", 2); // any other error: every stack, as ever
    expect(stacksOf("a bug")).toBe(4);

    vi.setSystemTime(Date.now() + 10_000);
    await ask("/database/corpus");
    await ask("/database/corpus");
    await ask("/busy/corpus");
    expect(lines()).toEqual([
      "Page /database/corpus (database unreachable): connect ECONNREFUSED 127.0.0.1:5432; answered 503 (and 4 more since the last report)",
      "Page /busy/corpus (database busy): no database connection came free within 10 s; answered 503",
    ]);
    expect(stacksOf("connect ECONNREFUSED 127.0.0.1:5432")).toBe(2);

    // A page that has not failed so for a minute: its next failure is logged in full again.
    vi.setSystemTime(Date.now() + 60_000);
    await ask("/database/corpus");
    expect(stacksOf("connect ECONNREFUSED 127.0.0.1:5432")).toBe(3);
    expect(lines()).toHaveLength(2);
  } finally {
    vi.useRealTimers();
  }
});
