// PostgreSQL's connections going away under the app (this file runs in the PostgreSQL leg only:
// POSTGRES_ONLY_TESTS in scripts/lib/engine-independent-tests.mjs). A restart ends them under their
// query; a server that stops answering without closing its connections (frozen, or cut off by the
// network) held every request on them for ever. A statement unanswered for PG_ANSWER_TIMEOUT_MS (2 s
// here) now gives its connection up: the request is answered 503 UNAVAILABLE, and the next one gets a
// new connection. Each such error carries the digest that tells a page's error boundary why (lib/errors.ts
// withTroubleDigest). The server's backend of this process's connection is stopped (SIGSTOP), which needs
// the server on this machine and the right to signal it (npm test's throw-away server, run as root).
import net, { type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { CompiledQuery } from "kysely";
import pg from "pg";

process.env.PG_ANSWER_TIMEOUT_MS = "2000"; // before the engine and lib/env load (imported below)

/** Stops the backend process; one of another machine or another user cannot be, and the test says so. */
function stop(pid: number): void {
  try {
    process.kill(pid, "SIGSTOP");
  } catch (error) {
    throw new Error(`cannot stop PostgreSQL's backend ${pid} (${(error as Error).message}): this test needs the server on this machine and the right to signal it, as npm test's throw-away server gives`);
  }
}

describe("PostgreSQL's connections going away", () => {
  // A PostgreSQL restart ends every open connection under its query (57P01, "terminating connection due to
  // administrator command"), through the query builder and through Prisma alike: the request that ran it is
  // answered 503 UNAVAILABLE (try again), not a 500, and the pool's next query gets a new connection.
  it("answers a query whose connection PostgreSQL ended 503 UNAVAILABLE, and goes on with a new connection", async () => {
    const { db, prisma } = await import("@/lib/store/engine");
    const { errorResponse, toAppError } = await import("@/lib/http/api");
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const terminated = async (marker: string, run: () => Promise<unknown>) => {
        const running = run().then(
          () => null,
          (error: unknown) => error,
        );
        for (let i = 0; i < 100; i++) {
          const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()", [`%${marker}%`]);
          if (rowCount) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        return running;
      };
      const viaBuilder = await terminated("apparatus_builder_probe", () => db.executeQuery(CompiledQuery.raw("SELECT pg_sleep(10) AS apparatus_builder_probe")));
      const viaPrisma = await terminated("apparatus_prisma_probe", () => prisma.$queryRawUnsafe("SELECT pg_sleep(10) AS apparatus_prisma_probe"));
      for (const error of [viaBuilder, viaPrisma]) {
        expect(error).toBeTruthy();
        // What a page's error boundary is told of it (app/error.tsx): the database cannot be reached.
        expect((error as { digest?: string }).digest, String(error)).toBe("DATABASE_UNAVAILABLE");
        const appError = toAppError(error)!;
        expect(appError?.code, String(error)).toBe("UNAVAILABLE");
        const res = errorResponse(appError);
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
      }
      expect(await db.executeQuery(CompiledQuery.raw("SELECT 1 AS one"))).toMatchObject({ rows: [{ one: 1 }] });
      expect(await prisma.$queryRawUnsafe("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }
  });

  // Next passes an error's own digest on to the page's error boundary, and gives any other error a hash
  // of its message and stack, the reference the error page shows for the server's log.
  it("gives a database that refuses connections its digest, through the builder, Prisma and pg's pool alike, and no other error one", async () => {
    const { createPool, createPostgresEngine } = await import("./postgres");
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now: connections are refused
    const away = createPostgresEngine(`postgresql://postgres@127.0.0.1:${port}/none`, {});
    const pool = createPool(`postgresql://postgres@127.0.0.1:${port}/none`, 1);
    try {
      const failures = await Promise.all(
        [
          () => away.kysely.executeQuery(CompiledQuery.raw("SELECT 1")),
          () => away.prisma.$queryRawUnsafe("SELECT 1"),
          () => away.prisma.user.findFirst(),
          () => pool.query("SELECT 1"),
          () => new Promise((resolve, reject) => pool.query("SELECT 1", (error: Error | undefined) => (error ? reject(error) : resolve(null)))),
        ].map((run) => run().then(() => null, (error: unknown) => error as { digest?: string })),
      );
      for (const error of failures) expect(error?.digest, String(error)).toBe("DATABASE_UNAVAILABLE");
    } finally {
      await away.prisma.$disconnect().catch(() => {});
      await away.pool.end().catch(() => {});
      await pool.end().catch(() => {});
    }
    const { db, prisma } = await import("@/lib/store/engine");
    const mistakes = await Promise.all(
      [() => db.executeQuery(CompiledQuery.raw("SELECT no_such_column")), () => prisma.$queryRawUnsafe("SELECT no_such_column")].map((run) =>
        run().then(() => null, (error: unknown) => error as { digest?: string }),
      ),
    );
    for (const error of mistakes) {
      expect(error, "a query the database refuses").toBeTruthy();
      expect(error?.digest, String(error)).toBeUndefined();
    }
  });

  it("a server that stops answering costs a request PG_ANSWER_TIMEOUT_MS and a 503, not for ever, through the builder and Prisma alike", async () => {
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
      stop(pid);
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
