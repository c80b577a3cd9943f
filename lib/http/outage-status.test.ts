// A page's 500 becomes a 503 with Retry-After when its request met a database that cannot be reached, or a
// pool with no connection free in time (lib/http/outage-status.ts), on a real HTTP server: the request's
// handler plays Next's part, handing the error to onRequestError's noteRequestError (after a turn of the
// event loop, as Next does) and then answering 500 as Next's render does.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isPoolWaitTimeout } from "@/lib/errors";
import { answerOutagesWith503, noteRequestError } from "./outage-status";

/** pg's error for a server that refuses connections, as it reaches a render. */
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

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
  server = http.createServer((req, res) => {
    const error = req.url === "/database" ? refused : req.url === "/busy" ? busy : new Error("a bug");
    setTimeout(() => {
      noteRequestError(error);
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
    // What the error page reads of its own answer to say at once why (app/error.tsx)
    expect(res.headers.get("server-timing")).toBe('database;desc="unavailable"');
    expect(await res.text()).toBe("<p>the error page</p>");
  }
});

it("leaves any other error a 500, also while other requests meet the database at the same time", async () => {
  const [bug, database] = await Promise.all([fetch(`${base}/bug`), fetch(`${base}/database`)]);
  expect(bug.status).toBe(500);
  expect(bug.headers.get("retry-after")).toBeNull();
  expect(bug.headers.get("server-timing")).toBeNull();
  expect(database.status).toBe(503);
});

it("answers a render that found every pooled connection busy 503 with Retry-After: 1, the error page as its body", async () => {
  const [res, bug] = await Promise.all([fetch(`${base}/busy`), fetch(`${base}/bug`)]);
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("1");
  expect(res.headers.get("server-timing")).toBe('database;desc="busy"');
  expect(await res.text()).toBe("<p>the error page</p>");
  expect(bug.status).toBe(500);
});

it("does nothing outside a request", () => {
  expect(() => noteRequestError(refused)).not.toThrow();
});
