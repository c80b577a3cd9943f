// A PostgreSQL server that stops answering without closing its connections (frozen, or cut off by the
// network) held every request on them for ever. A statement unanswered for PG_ANSWER_TIMEOUT_MS (2 s
// here) now gives its connection up: the request is answered 503 UNAVAILABLE, and the next one gets a
// new connection. The server's backend of this process's connection is stopped (SIGSTOP), which needs
// the server on this machine and the right to signal it (npm test's throw-away server, run as root).
import { describe, expect, it } from "vitest";
import { CompiledQuery } from "kysely";

process.env.PG_ANSWER_TIMEOUT_MS = "2000"; // before the engine and lib/env load (imported below)
const onPostgres = (process.env.DATABASE_URL ?? "").startsWith("postgres");

/** Stops the backend process, or says why it cannot be (another machine's, or another user's). */
function stop(pid: number): boolean {
  try {
    process.kill(pid, "SIGSTOP");
    return true;
  } catch {
    return false;
  }
}

describe.runIf(onPostgres)("a PostgreSQL server that stops answering", () => {
  it("costs a request PG_ANSWER_TIMEOUT_MS and a 503, not for ever, through the builder and Prisma alike", async (ctx) => {
    const { db, prisma } = await import("@/lib/store/engine");
    const { toAppError } = await import("@/lib/http/api");
    const probes: Array<[string, () => Promise<number>, () => Promise<unknown>]> = [
      [
        "builder",
        async () => (await db.executeQuery<{ pid: number }>(CompiledQuery.raw("SELECT pg_backend_pid() AS pid"))).rows[0].pid,
        () => db.executeQuery(CompiledQuery.raw("SELECT 1 AS one")),
      ],
      [
        "prisma",
        async () => ((await prisma.$queryRawUnsafe("SELECT pg_backend_pid() AS pid")) as Array<{ pid: number }>)[0].pid,
        () => prisma.$queryRawUnsafe("SELECT 1 AS one"),
      ],
    ];
    for (const [via, backend, query] of probes) {
      // The pool lends its most recently returned connection next: the one whose backend is stopped.
      const pid = await backend();
      if (!stop(pid)) return ctx.skip();
      // Resumed in any case after 10 s: a stopped backend must never outlive the test (nor hang the run's
      // DROP DATABASE), even when the statement waits for it.
      const thaw = setTimeout(() => process.kill(pid, "SIGCONT"), 10_000);
      try {
        const started = Date.now();
        const error = await query().then(
          () => null,
          (e: unknown) => e,
        );
        expect(Date.now() - started, via).toBeLessThan(8000);
        expect(toAppError(error)?.code, `${via}: ${String(error)}`).toBe("UNAVAILABLE");
      } finally {
        clearTimeout(thaw);
        process.kill(pid, "SIGCONT");
      }
      expect(await query(), via).toBeTruthy(); // a new connection
    }
  });
});
