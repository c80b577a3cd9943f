// PostgreSQL's LISTEN connection (lib/store/changes.ts) losing its server without a word: a server cut off
// by the network, or one that stopped answering, closes nothing, and its notifications just stop, so live
// updates on that process were dead until it restarted. Here the server's backend of the listening
// connection is stopped (SIGSTOP: it neither answers nor closes), as in postgres-connections.test.ts
// (this file runs in the PostgreSQL leg only: POSTGRES_ONLY_TESTS in scripts/lib/engine-independent-tests.mjs).
// The listener notices when its heartbeat goes unanswered for PG_ANSWER_TIMEOUT_MS (2 s here), connects
// again, says so (an unspecific signal: listeners re-read what they watch), and notifications arrive again.
// While it cannot listen at all it tries every second, and says so in the log every 10 s, not every try.
import net from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import pg from "pg";
import type { ChangeSignal } from "./changes";

process.env.PG_ANSWER_TIMEOUT_MS = "2000"; // before the engine and lib/env load (imported below)

const NAME = "apparatus_listener_probe";
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(() => admin.connect());
afterAll(() => admin.end());

async function until(probe: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The server process ids of this test's listening connection (told apart by its application_name). */
async function listenerBackends(): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [NAME]);
  return rows.map((r) => r.pid);
}

it("gives up a LISTEN connection whose server stops answering, listens again and says so, and hears notifications again", async () => {
  const { CHANNEL, listenPostgres } = await import("./changes");
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("application_name", NAME); // a connection string's parameters come before pg's options
  const signals: ChangeSignal[] = [];
  const stop = listenPostgres(url.toString(), (s) => signals.push(s), 200);
  const stopped: number[] = [];
  try {
    await until(() => signals.includes(null), 10_000, "listening");
    const [pid] = await listenerBackends();
    expect(pid).toBeGreaterThan(0);
    await admin.query(`NOTIFY ${CHANNEL}, 'e:before'`);
    await until(() => signals.some((s) => s?.documentId === "before"), 2000, "a notification");

    try {
      process.kill(pid, "SIGSTOP");
    } catch (error) {
      throw new Error(`cannot stop PostgreSQL's backend ${pid} (${(error as Error).message}): this test needs the server on this machine and the right to signal it, as npm test's throw-away server gives`);
    }
    stopped.push(pid);
    signals.length = 0;
    // Within the heartbeat and PG_ANSWER_TIMEOUT_MS: a new connection, which says that anything may have changed.
    await until(async () => signals.includes(null) && (await listenerBackends()).some((p) => p !== pid), 8000, "listening again");
    await admin.query(`NOTIFY ${CHANNEL}, 'e:after'`);
    await until(() => signals.some((s) => s?.documentId === "after"), 2000, "a notification after");
  } finally {
    stop();
    for (const pid of stopped) process.kill(pid, "SIGCONT");
  }
  // The stopped backend's connection was closed by the listener: it ends once it runs again.
  await until(async () => (await listenerBackends()).length === 0, 5000, "the listener's connections closed");
});

it("connects again when PostgreSQL ends the LISTEN connection (a restart, pg_terminate_backend), and says so", async () => {
  const { CHANNEL, listenPostgres } = await import("./changes");
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("application_name", NAME);
  const signals: ChangeSignal[] = [];
  const stop = listenPostgres(url.toString(), (s) => signals.push(s), 200);
  try {
    await until(() => signals.includes(null), 10_000, "listening");
    const [pid] = await listenerBackends();
    signals.length = 0;
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await until(async () => signals.includes(null) && (await listenerBackends()).some((p) => p !== pid), 5000, "listening again");
    await admin.query(`NOTIFY ${CHANNEL}, 'e:again'`);
    await until(() => signals.some((s) => s?.documentId === "again"), 2000, "a notification after");
  } finally {
    stop();
  }
  await until(async () => (await listenerBackends()).length === 0, 5000, "the listener's connections closed");
});

it("while it cannot listen it tries every second, and writes one line to the log every 10 s, not one a try", async () => {
  const { listenPostgres } = await import("./changes");
  // A port nothing listens on: every try is refused at once.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const url = new URL(process.env.DATABASE_URL!);
  url.host = `127.0.0.1:${port}`;
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const stop = listenPostgres(url.toString(), () => {}, 200);
    await new Promise((r) => setTimeout(r, 3500)); // four tries
    stop();
    expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^PostgreSQL change listener: connect ECONNREFUSED .*; trying again every second$/)]);
  } finally {
    logged.mockRestore();
  }
});
