import "server-only";
// Cross-process change signals: how one server process learns, within a fraction of a second, that
// another process (a worker on this machine, a server on another machine, a CLI import) committed
// something, without holding shared state in memory. A signal says only "look again" (and, on
// PostgreSQL, which document); what changed is always read from the database (the event log, the
// presence table), so a missed or doubled signal never loses or duplicates anything.
//
// - SQLite: PRAGMA data_version of this process's connection, polled every POLL_MS. It changes when
//   another connection (another process) committed to the file, and not for this process's own commits:
//   their writers hand them to this process's streams already (lib/events/bus.ts publish), and
//   presence refreshes its own joins and leaves itself, so a commit here costs no look afterwards. It
//   reads the WAL index in shared memory only, so polling costs microseconds and takes no lock.
// - PostgreSQL: a dedicated connection LISTENs on CHANNEL; triggers on DocumentEvent and Presence
//   (prisma/postgres/migrations/*_presence) NOTIFY with "e:<documentId>" / "p:<documentId>" when their
//   transaction commits. A notification sent by one of this process's own connections (its server
//   process id is one of the pool's) is dropped, as SQLite's data_version leaves out the process's
//   own commits. A lost connection is re-established and reported as an unspecific signal, so
//   listeners re-read everything they watch. A connection can also be lost without a word: a server
//   cut off by the network, or one that stopped answering, sends no FIN, and its notifications simply
//   stop. So the connection asks `SELECT 1` every HEARTBEAT_MS and is given up when that goes unanswered
//   for PG_ANSWER_TIMEOUT_MS (as the pool's statements are, lib/store/postgres.ts), and it has TCP
//   keepalive, for what lies between (a NAT or a firewall forgetting an idle connection).
import pg from "pg";
import { env } from "@/lib/env";
import { failureLog } from "@/lib/failure-log";
import { isOwnPostgresBackend, sqliteDataVersion } from "./engine";
import { APPLICATION_NAME, CONNECT_TIMEOUT_MS, destroyConnection } from "./postgres";

/** What changed: an event or a presence row of one document, or (null) anything at all. */
export type ChangeSignal = { kind: "event" | "presence"; documentId: string } | null;
type Listener = (signal: ChangeSignal) => void;

export const CHANNEL = "apparatus_changes";
/** PostgreSQL's signals name the document; SQLite's only say that something was committed. */
export const signalsNameDocuments = env.database.engine === "postgres";
const POLL_MS = 50;
/** How often PostgreSQL's LISTEN connection asks whether the server still answers it. */
const HEARTBEAT_MS = 15_000;
/** TCP keepalive's first probe after this long without traffic (the heartbeat makes some every HEARTBEAT_MS). */
const KEEPALIVE_DELAY_MS = 10_000;
/** How often the LISTEN connection's failures are written to the log while they go on. */
const LOG_EVERY_MS = 10_000;

const globalForChanges = globalThis as unknown as { apparatusChanges?: { listeners: Set<Listener>; stop: () => void } };

/** Call `listener` on every change signal from now on; returns the unsubscribe function. */
export function watchChanges(listener: Listener): () => void {
  const feed = (globalForChanges.apparatusChanges ??= start());
  feed.listeners.add(listener);
  return () => feed.listeners.delete(listener);
}

/**
 * Server start-up (instrumentation.ts): on PostgreSQL, the LISTEN connection is opened now and held
 * (re-established when lost) for as long as the process serves, not when the first reader opens. It is
 * how a running server shows in `pg_stat_activity` (named `apparatus`): a server just started, or idle
 * for the pool's 30 s with no reader open, held no connection, and `npm run restore` replaced the
 * database under it (lib/store/backup.ts). One connection per process, which it would hold for the
 * first reader anyway. SQLite needs none: a restore is refused once the process has the file open, and
 * one that has not opened it yet opens the restored file.
 */
export function listenFromStart(): void {
  if (env.database.engine === "postgres") globalForChanges.apparatusChanges ??= start();
}

function start(): { listeners: Set<Listener>; stop: () => void } {
  const listeners = new Set<Listener>();
  const emit = (signal: ChangeSignal) => {
    for (const l of listeners) {
      try {
        l(signal);
      } catch (error) {
        console.error("change listener failed:", error);
      }
    }
  };
  const target = env.database;
  return { listeners, stop: target.engine === "sqlite" ? pollSqlite(emit) : listenPostgres(target.url, emit) };
}

function pollSqlite(emit: Listener): () => void {
  let last = -1;
  // The first look is taken now, not at the first tick: a commit made right after watching began must
  // already count as a change.
  const look = () => {
    try {
      const version = sqliteDataVersion();
      if (version === null || version === last) return; // null: the store was closed (a CLI or a test at its end)
      const first = last === -1;
      last = version;
      if (!first) emit(null);
    } catch (error) {
      console.error(`SQLite change poll: ${(error as Error).message}`);
      if (last !== -1) emit(null); // the next successful look starts afresh: re-read everything
      last = -1;
    }
  };
  look();
  const timer = setInterval(look, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * LISTENs on `url` and emits what is notified; a lost connection (ended, refused, or unanswered within
 * PG_ANSWER_TIMEOUT_MS: `heartbeatMs` apart, a statement asks) is connected again a second later and
 * emits an unspecific signal once it listens. Returns the stop function.
 */
export function listenPostgres(url: string, emit: Listener, heartbeatMs = HEARTBEAT_MS): () => void {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let beat: NodeJS.Timeout | null = null;
  // One line in the log at most every LOG_EVERY_MS while it cannot listen (it tries every second), and one
  // when it listens again.
  const log = failureLog({ name: "PostgreSQL change listener", retrying: "trying again every second", recovered: "listening again", everyMs: LOG_EVERY_MS });
  const connect = async () => {
    const c = new pg.Client({
      connectionString: url,
      application_name: APPLICATION_NAME,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    });
    client = c;
    c.on("notification", (msg) => {
      if (isOwnPostgresBackend(msg.processId)) return;
      const payload = msg.payload ?? "";
      const kind = payload.startsWith("e:") ? "event" : payload.startsWith("p:") ? "presence" : null;
      emit(kind ? { kind, documentId: payload.slice(2) } : null);
    });
    const again = (error?: Error) => {
      if (stopped || client !== c) return; // given up already (its pending statement fails afterwards)
      log.failed(error?.message ?? "the connection ended");
      client = null;
      if (beat) clearTimeout(beat);
      // Not only end(): on a connection whose server no longer answers, it would wait for that answer.
      destroyConnection(c);
      c.end().catch(() => {});
      retry = setTimeout(() => void connect(), 1000);
      retry.unref();
    };
    /** A statement on the connection, which is given up when no answer comes within PG_ANSWER_TIMEOUT_MS. */
    const ask = async (statement: string) => {
      const timer = setTimeout(() => again(new Error(`no answer to ${statement} within ${env.pgAnswerTimeoutMs} ms`)), env.pgAnswerTimeoutMs);
      try {
        await c.query(statement);
      } finally {
        clearTimeout(timer);
      }
    };
    const heartbeat = () => {
      beat = setTimeout(() => {
        if (client !== c) return;
        ask("SELECT 1").then(
          () => client === c && heartbeat(),
          (error: Error) => again(error),
        );
      }, heartbeatMs);
      beat.unref();
    };
    c.on("error", again);
    c.on("end", () => again());
    try {
      await c.connect();
      await ask(`LISTEN ${CHANNEL}`);
      if (client !== c) return;
      heartbeat();
      log.worked();
      // Anything committed while there was no listener: everyone re-reads what they watch.
      emit(null);
    } catch (error) {
      again(error as Error);
    }
  };
  void connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    if (beat) clearTimeout(beat);
    void client?.end().catch(() => {});
  };
}
