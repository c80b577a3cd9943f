import "server-only";
// The data layer's one entry point, for the stores only (lib/<domain>/store.ts): the Kysely query
// builder typed from prisma/schema.prisma, the Prisma client, and transactions — the same API on SQLite
// (the default) and PostgreSQL, chosen by DATABASE_URL. Services call stores; nothing else imports this.
import type { Statement } from "better-sqlite3";
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from "kysely";
import type { PrismaClient } from "@/generated/prisma/client";
import type { DB } from "@/generated/kysely/types";
import { env } from "@/lib/env";
import { createSqliteEngine, openSqliteSnapshot, ROWS_AS_ARRAYS, type SqliteEngine } from "./sqlite";
import { createPostgresEngine, openPostgresSnapshot, readPostgresArrays, type PostgresEngine } from "./postgres";

export type { DB } from "@/generated/kysely/types";
export type Db = Kysely<DB>;
/** A query builder bound to the current transaction. */
export type Tx = Kysely<DB>;
export type Engine = "sqlite" | "postgres";

type Instance = ({ engine: "sqlite" } & SqliteEngine) | ({ engine: "postgres" } & PostgresEngine);

// Prisma's `omit` keeps secrets inside the people store unless a query asks for them explicitly. A people
// transaction waits up to 10 s for its turn (Prisma's default is 2 s), as a write waits for SQLite's lock
// (SQLITE_BUSY_TIMEOUT_MS): on a loaded SQLite server a burst of them queues behind its one writer. One
// that still waits too long is answered 503 (lib/http/api.ts toAppError).
const prismaOptions = { omit: { user: { passwordHash: true }, apiToken: { tokenHash: true } }, transactionOptions: { maxWait: 10_000 } } as const;

function create(): Instance {
  const target = env.database;
  // Neither opens a connection yet (the SQLite engine's connection is a getter: assigned onto, not spread).
  return target.engine === "sqlite"
    ? Object.assign(createSqliteEngine(target.file, prismaOptions), { engine: "sqlite" as const })
    : { engine: "postgres", ...createPostgresEngine(target.url, prismaOptions) };
}

const globalForStore = globalThis as unknown as { apparatusStore?: Instance };
const instance: Instance = (globalForStore.apparatusStore ??= create());

export const engine: Engine = instance.engine;
/** The query builder, for single statements outside a transaction. */
export const db: Db = instance.kysely;
/** The Prisma client (people, tokens, audit: low-traffic tables where its per-query cost does not matter). */
export const prisma: PrismaClient = instance.prisma;

// ---------------------------------------------------------------------------------------------
// Transactions

interface Unit {
  fn: (tx: Tx) => Promise<unknown>;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteOptions {
  /**
   * false for rows nobody misses after a power cut (who has a document open: presence rows expire
   * anyway): the commit does not wait for the disk. On SQLite under `synchronous=FULL` that is the
   * fsync of every commit (0.2–5 ms on the event loop each; a seminar of 50 opening one document made
   * 50 of them); on PostgreSQL, `synchronous_commit = off` for the transaction. The next durable commit
   * makes it durable too (the log is written in order). Default true.
   */
  durable?: boolean;
}

// Writes per commit; SQLITE_GROUP_COMMIT=0 makes it 1 (a commit, and an fsync, per write).
const MAX_BATCH = env.sqliteGroupCommit ? 64 : 1;

/**
 * SQLite group commit: writes that arrive together commit in one transaction (one fsync), each inside a
 * savepoint of its own, so a failing write gets its own error and its batch-mates still commit. Every
 * caller is answered only after the COMMIT that holds its write.
 */
class GroupCommit {
  private queue: Unit[] = [];
  private scheduled = false;
  // The batch's own statements, prepared once: preparing each every time cost about as much as running it.
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly sqlite: SqliteEngine) {}

  submit<T>(fn: (tx: Tx) => Promise<T>, durable: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, durable, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the I/O callbacks of this turn: requests that arrived together join the same batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush() {
    // A batch is all durable or all not: the safety level is set before BEGIN (SQLite refuses to change
    // it inside a transaction). The kind of the oldest waiting write goes first, with the others of its
    // kind, so that neither kind can keep the other waiting under a steady stream of writes.
    if (this.queue.length === 0) return;
    const durable = this.queue[0].durable;
    const batch: Unit[] = [];
    this.queue = this.queue.filter((unit) => {
      if (unit.durable !== durable || batch.length === MAX_BATCH) return true;
      batch.push(unit);
      return false;
    });
    // Another process (a worker, a CLI command) may hold the write lock. better-sqlite3's busy handler
    // would wait for it by sleeping on this thread, stopping every request of this process; instead
    // BEGIN is tried without waiting and retried after a short pause, with this process's connection
    // free for reads meanwhile, up to the busy timeout.
    const deadline = Date.now() + env.sqliteBusyTimeoutMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
      const done = await this.sqlite.lock.run(async () => this.commit(batch, durable, Date.now() < deadline));
      if (done) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    if (this.queue.length) this.schedule();
  }

  /** Commit the batch; false (nothing done) when another process holds the write lock and `mayRetry`. */
  private async commit(batch: Unit[], durable: boolean, mayRetry: boolean): Promise<boolean> {
    const relaxed = !durable && env.sqliteSynchronous !== "NORMAL";
    if (relaxed) this.statement("PRAGMA synchronous = NORMAL");
    try {
      return await this.commitBatch(batch, mayRetry);
    } finally {
      if (relaxed) this.statement(`PRAGMA synchronous = ${env.sqliteSynchronous}`);
    }
  }

  private async commitBatch(batch: Unit[], mayRetry: boolean): Promise<boolean> {
    const { kysely, connection } = this.sqlite;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      if (mayRetry) this.statement("PRAGMA busy_timeout = 0");
      this.statement("BEGIN IMMEDIATE");
    } catch (error) {
      if (mayRetry && (error as { code?: string }).code === "SQLITE_BUSY") return false;
      for (const unit of batch) unit.reject(error);
      return true;
    } finally {
      if (mayRetry) this.statement(`PRAGMA busy_timeout = ${env.sqliteBusyTimeoutMs}`);
    }
    try {
      if (batch.length === 1) {
        // Alone in its transaction: a failure rolls the transaction back, with no savepoint around it.
        try {
          outcomes.push({ ok: true, value: await batch[0].fn(kysely) });
        } catch (error) {
          this.statement("ROLLBACK");
          batch[0].reject(error);
          return true;
        }
      } else {
        for (const unit of batch) {
          this.statement("SAVEPOINT unit");
          try {
            const value = await unit.fn(kysely);
            this.statement("RELEASE unit");
            outcomes.push({ ok: true, value });
          } catch (error) {
            this.statement("ROLLBACK TO unit");
            this.statement("RELEASE unit");
            outcomes.push({ ok: false, error });
          }
        }
      }
      this.statement("COMMIT");
    } catch (error) {
      if (connection.inTransaction) this.statement("ROLLBACK");
      for (const unit of batch) unit.reject(error);
      return true;
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
    return true;
  }

  /** Runs one of the batch's own statements (BEGIN, savepoints, COMMIT, the busy timeout). */
  private statement(text: string): void {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.sqlite.connection.prepare(text)));
    if (statement.reader) statement.get(); // a PRAGMA answers with its value
    else statement.run();
  }
}

const groupCommit = instance.engine === "sqlite" ? new GroupCommit(instance) : null;

/**
 * Run `fn` in a write transaction and resolve after it committed. On SQLite it may share its commit with
 * other writes that arrived together (each in its own savepoint). `fn` must use the `tx` it is given.
 */
export function write<T>(fn: (tx: Tx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const durable = options.durable ?? true;
  if (groupCommit) return groupCommit.submit(fn, durable);
  if (durable) return instance.kysely.transaction().execute(fn);
  return instance.kysely.transaction().execute(async (tx) => {
    await tx.executeQuery(CompiledQuery.raw("SET LOCAL synchronous_commit = off"));
    return fn(tx);
  });
}

/** Run several reads on one consistent snapshot. `fn` must use the `tx` it is given. */
export function read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (instance.engine === "sqlite") {
    const { kysely, lock, connection } = instance;
    return lock.run(async () => {
      if (connection.inTransaction) return fn(kysely); // inside a write: already consistent
      connection.prepare("BEGIN").run();
      try {
        return await fn(kysely);
      } finally {
        if (connection.inTransaction) connection.prepare("COMMIT").run();
      }
    });
  }
  return instance.kysely.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(fn);
}

/** A long read (an export) on a snapshot of its own that never blocks writers; close it when done. */
export async function openSnapshot(): Promise<{ db: Db; close: () => Promise<void> }> {
  if (instance.engine === "sqlite") {
    void instance.connection; // the app's own connection opened first, as it always was (it keeps the WAL files a read-only one needs)
    const snapshot = openSqliteSnapshot(instance.file);
    return { db: snapshot.kysely, close: async () => snapshot.close() };
  }
  const snapshot = await openPostgresSnapshot(instance.pool);
  return { db: snapshot.kysely, close: snapshot.close };
}

/**
 * The rows of a built query as arrays of their column values, in the order of its select list: for the
 * hottest reads (exports), where building an object per row costs more than reading the row. On SQLite
 * the driver returns arrays itself; on PostgreSQL so does pg on the pool or a snapshot, and in a
 * transaction the row objects become arrays (so the selected column names must be distinct, as they must
 * be for object rows anyway).
 */
export async function selectRows(q: Db, query: Compilable<unknown>): Promise<unknown[][]> {
  const compiled = query.compile();
  if (instance.engine === "sqlite") return (await q.executeQuery<unknown[]>({ ...compiled, [ROWS_AS_ARRAYS]: true } as typeof compiled)).rows;
  return (await readPostgresArrays(q, compiled.sql, compiled.parameters)) ?? (await q.executeQuery<Record<string, unknown>>(compiled)).rows.map((row) => Object.values(row));
}

/** Where a prepared query's value goes (see prepared); never reaches the database. */
class Placeholder {
  constructor(readonly name: string) {}
}

/**
 * A query written with the query builder once and run many times with new values: for the hottest
 * statements (an annotation's create), where building and compiling the same statement on every call,
 * and the garbage that left, cost about 30% of an in-process create's CPU (675 → 477 µs per create in
 * `npm run bench`'s service row). `build` gets `value(name)` for each place a value goes; every run
 * substitutes `values[name]` there. The statement's shape must not depend on the values (no lists, no
 * optional columns): give every column a value, null included.
 */
export function prepared<P extends Record<string, unknown>, R>(
  build: (q: Db, value: <K extends keyof P & string>(name: K) => P[K]) => Compilable<R>,
): (q: Db | Tx, values: P) => Promise<QueryResult<R>> {
  let statement: { compiled: CompiledQuery<R>; slots: Array<{ name: string } | { constant: unknown }>; native?: Statement } | null = null;
  return async (q, values) => {
    if (!statement) {
      const compiled = build(q, (name) => new Placeholder(name) as never).compile();
      const slots = compiled.parameters.map((v) => (v instanceof Placeholder ? { name: v.name } : { constant: v }));
      statement = { compiled, slots };
    }
    const parameters = statement.slots.map((slot) => ("name" in slot ? values[slot.name] : slot.constant));
    // SQLite, inside a write or read that holds the connection (its lock is this async context's): the
    // statement runs on the connection at once, as the driver would, without the executor's promises
    // (~5% of an in-process create's time).
    if (instance.engine === "sqlite" && q === instance.kysely && instance.lock.held()) {
      const native = (statement.native ??= instance.connection.prepare(statement.compiled.sql));
      if (native.reader) return { rows: native.all(...parameters) as R[] };
      return { rows: [], numAffectedRows: BigInt(native.run(...parameters).changes) };
    }
    return q.executeQuery<R>({ ...statement.compiled, parameters });
  };
}

const insertTexts = new Map<string, string>();

/**
 * Inserts rows given as arrays of values, in the order of `columns`, into `table`: multi-row INSERTs of
 * up to `chunk` rows whose text is built once per shape and run as it is, without the query builder.
 * For the import's hundreds of thousands of rows, where building each statement through the builder
 * (its value parsing and compiling) cost about as much as SQLite running it. `table` and `columns` are
 * the code's own names, never input.
 */
export async function insertRows<T extends keyof DB & string>(q: Db, table: T, columns: ReadonlyArray<keyof DB[T] & string>, rows: unknown[][], chunk = 200): Promise<void> {
  for (let from = 0; from < rows.length; from += chunk) {
    const n = Math.min(chunk, rows.length - from);
    const key = `${table}\u0000${columns.join(",")}\u0000${n}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      let p = 0;
      const row = () => `(${columns.map(() => (instance.engine === "sqlite" ? "?" : `$${++p}`)).join(", ")})`;
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values ${Array.from({ length: n }, row).join(", ")}`;
      insertTexts.set(key, text);
    }
    const parameters: unknown[] = [];
    for (let i = from; i < from + n; i++) for (const value of rows[i]) parameters.push(value);
    await q.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

/**
 * SQLite: the file's `data_version` as this process's connection sees it, or null once the store is
 * closed. It moves when another connection (another process) commits, never for this process's own
 * commits, which their writers announce themselves (lib/events/bus.ts publish). A pragma that reads the
 * WAL index in shared memory: no lock, no transaction, microseconds.
 */
export function sqliteDataVersion(): number | null {
  if (instance.engine !== "sqlite") throw new Error("data_version is SQLite's");
  if (instance.closed || !instance.connection.open) return null;
  return instance.connection.pragma("data_version", { simple: true }) as number;
}

/**
 * PostgreSQL: whether a server process (a NOTIFY's sender) is one of this process's own connections,
 * whose commits their writers announce themselves (lib/events/bus.ts publish).
 */
export function isOwnPostgresBackend(pid: number): boolean {
  if (instance.engine !== "postgres") throw new Error("backend ids are PostgreSQL's");
  return instance.backends.has(pid);
}

/** Close connections (CLI commands, so the process can exit). */
export async function closeStore(): Promise<void> {
  await instance.prisma.$disconnect().catch(() => {});
  if (instance.engine === "postgres") await instance.pool.end().catch(() => {});
  else await instance.close();
  delete globalForStore.apparatusStore;
}
