import "server-only";
// SQLite engine: ONE better-sqlite3 connection per process, shared by Kysely (the stores' query
// builder) and the Prisma client (people, tokens, audit), behind one FIFO lock. One connection means
// a request's query can never run inside another request's open transaction, and nothing in this
// process ever waits on SQLite's busy handler for a lock this process holds itself (which would block
// the event loop the lock holder needs). Other processes (workers, CLI commands) are waited for by the
// busy timeout. Write transactions start with BEGIN IMMEDIATE, so two processes can never deadlock
// upgrading a read to a write.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import Database from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from "kysely";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import type { DB } from "@/generated/kysely/types";
import { env } from "@/lib/env";
import { ensureSqliteFolder } from "./url";
import { startCheckpoints, type Checkpoints } from "./checkpoints";

/**
 * Marks a compiled query whose rows come back as arrays of column values (engine.ts selectRows). From the
 * global registry: the bundler may load this module once per server layer (route handlers, pages) while
 * the connection is one per process (kept on globalThis), so a symbol of one copy must be the other's.
 */
export const ROWS_AS_ARRAYS = Symbol.for("apparatus.rowsAsArrays");

/**
 * A FIFO async lock whose holder (the async context that acquired it) may re-enter it. One per process
 * (the app's connection): it is an AsyncLocalStorage, which on Node 20 is never let go once it ran.
 */
export class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<symbol>();
  private current: symbol | null = null;

  /** True when the calling async context holds the lock (inside a transaction or write batch). */
  held(): boolean {
    const mine = this.holder.getStore();
    return mine !== undefined && mine === this.current;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held()) return fn();
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    const token = Symbol("holder");
    this.current = token;
    try {
      return await this.holder.run(token, fn);
    } finally {
      this.current = null;
      release();
    }
  }
}

/** Private files: the database and its -wal/-shm are created readable by the owner only. */
function openSqlite(file: string): Database.Database {
  ensureSqliteFolder(file);
  const previous = process.umask(0o077);
  let conn: Database.Database;
  try {
    conn = new Database(file, { timeout: env.sqliteBusyTimeoutMs });
    conn.pragma("journal_mode = WAL");
  } finally {
    process.umask(previous);
  }
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      fs.chmodSync(file + suffix, 0o600);
    } catch {
      // -shm/-wal appear with the first write
    }
  }
  conn.pragma(`synchronous = ${env.sqliteSynchronous}`);
  conn.pragma("foreign_keys = ON");
  conn.pragma(`busy_timeout = ${env.sqliteBusyTimeoutMs}`);
  return conn;
}

class LockedConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Database.Statement>();
  /** `conn`: the connection, opened on first use (createSqliteEngine). */
  constructor(private readonly conn: () => Database.Database) {}

  private prepare(text: string): Database.Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.conn().prepare(text);
      if (this.statements.size > 2000) this.statements.clear(); // dynamic IN lists must not grow this forever
      this.statements.set(text, s);
    }
    return s;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.prepare(compiled.sql);
    const params = compiled.parameters as unknown[];
    if (stmt.reader && (compiled as { [ROWS_AS_ARRAYS]?: true })[ROWS_AS_ARRAYS]) {
      stmt.raw(true);
      try {
        return { rows: stmt.all(...params) as R[] };
      } finally {
        stmt.raw(false);
      }
    }
    if (stmt.reader) return { rows: stmt.all(...params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(...params);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not used on SQLite: page with keyset queries instead.");
  }
}

/**
 * The app's connection, behind the process's lock. A snapshot's connection (openSqliteSnapshot) has no
 * lock: it holds no transaction of the app's, and every query on it runs to its end synchronously.
 */
class LockedDriver implements Driver {
  // One release per acquisition, innermost last: re-entrant acquisitions (inside a store transaction,
  // which holds the lock) release nothing.
  private readonly releases: Array<() => void> = [];
  constructor(
    private readonly connection: LockedConnection,
    private readonly lock: ConnectionLock | null,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const lock = this.lock;
    if (!lock) return this.connection;
    if (lock.held()) {
      this.releases.push(() => {});
      return this.connection;
    }
    await new Promise<void>((acquired) => {
      void lock.run(
        () =>
          new Promise<void>((release) => {
            this.releases.push(release);
            acquired();
          }),
      );
    });
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    if (this.lock) this.releases.pop()?.();
  }

  // Transactions go through lib/store/engine.ts (write/read), which holds the lock for their whole
  // async context; Kysely's own db.transaction() is not used.
  async beginTransaction(): Promise<void> {
    throw new Error("Use write() or read() from lib/store/engine.ts for transactions.");
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async destroy(): Promise<void> {}
}

type PrismaAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type PrismaTransaction = Awaited<ReturnType<PrismaAdapter["startTransaction"]>>;

/** Prisma's better-sqlite3 adapter, on the shared connection and lock. */
class SharedPrismaAdapter extends PrismaBetterSQLite3 {
  constructor(
    private readonly conn: () => Database.Database,
    private readonly lock: ConnectionLock,
  ) {
    super({ url: ":memory:" });
  }

  override async connect(): Promise<PrismaAdapter> {
    const adapter = await super.connect();
    const own = (adapter as unknown as { client: Database.Database }).client;
    own.close();
    const conn = this.conn;
    // What the adapter uses of a connection: prepare (BEGIN becomes BEGIN IMMEDIATE; integers as
    // BigInt, as the adapter expects), exec, close (the connection is not the adapter's to close).
    (adapter as unknown as { client: unknown }).client = {
      prepare: (text: string) => conn().prepare(text === "BEGIN" ? "BEGIN IMMEDIATE" : text).safeIntegers(true),
      exec: (text: string) => conn().exec(text),
      close: () => {},
    };
    const lock = this.lock;
    const locked =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> =>
        lock.run(() => fn(...args));
    adapter.queryRaw = locked(adapter.queryRaw.bind(adapter));
    adapter.executeRaw = locked(adapter.executeRaw.bind(adapter));
    adapter.executeScript = locked(adapter.executeScript.bind(adapter));
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: Parameters<PrismaAdapter["startTransaction"]>): Promise<PrismaTransaction> => {
      if (lock.held()) throw new Error("A Prisma transaction cannot start inside a store transaction on SQLite.");
      let release!: () => void;
      await new Promise<void>((acquired) => {
        void lock.run(
          () =>
            new Promise<void>((done) => {
              release = done;
              acquired();
            }),
        );
      });
      try {
        const tx = await startTransaction(...args);
        const commit = tx.commit.bind(tx);
        const rollback = tx.rollback.bind(tx);
        tx.commit = () => commit().finally(release);
        tx.rollback = () => rollback().finally(release);
        return tx;
      } catch (error) {
        release();
        throw error;
      }
    };
    return adapter;
  }
}

export interface SqliteEngine {
  kysely: Kysely<DB>;
  prisma: PrismaClient;
  lock: ConnectionLock;
  /**
   * The connection, opened (and the file created) on first use, with the background checkpoints: making
   * the engine touches no file, so that importing the stores does not (`next build` imports every page's
   * modules; scripts/lib/build-opens-no-database.test.ts).
   */
  readonly connection: Database.Database;
  file: string;
  /** The background checkpoints (lib/store/checkpoints.ts), or null when they could not start or the connection is not open. */
  readonly checkpoints: Checkpoints | null;
  /** Stops the checkpoints and closes the connection if it was opened; it is never opened after. */
  close(): Promise<void>;
  readonly closed: boolean;
}

export function createSqliteEngine(file: string, prismaOptions: Omit<ConstructorParameters<typeof PrismaClient>[0], "adapter">): SqliteEngine {
  let conn: Database.Database | null = null;
  let checkpoints: Checkpoints | null = null;
  let closed = false;
  const connection = (): Database.Database => {
    if (!conn) {
      if (closed) throw new TypeError("The database connection is not open"); // better-sqlite3's words for a closed one
      conn = openSqlite(file);
      checkpoints = startCheckpoints(file, conn, env.sqliteSynchronous);
    }
    return conn;
  };
  const lock = new ConnectionLock();
  const driver = new LockedDriver(new LockedConnection(connection), lock);
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
  const kysely = new Kysely<DB>({ dialect });
  const prisma = new PrismaClient({ ...prismaOptions, adapter: new SharedPrismaAdapter(connection, lock) });
  return {
    kysely,
    prisma,
    lock,
    file,
    get connection() {
      return connection();
    },
    get checkpoints() {
      return checkpoints;
    },
    async close() {
      closed = true;
      await checkpoints?.stop();
      conn?.close();
    },
    get closed() {
      return closed;
    },
  };
}

/** A read-only connection of its own (exports): one snapshot from its first read until close. */
export function openSqliteSnapshot(file: string): { kysely: Kysely<DB>; close: () => void } {
  const conn = new Database(file, { readonly: true, fileMustExist: true, timeout: env.sqliteBusyTimeoutMs });
  conn.prepare("BEGIN").run();
  const connection = new LockedConnection(() => conn);
  // No lock of its own: a lock is an AsyncLocalStorage, and on Node 20 every one that ever ran stays
  // in the list that each new promise of the process is propagated through (a lock per export made all
  // async code slower with every export the process served).
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new LockedDriver(connection, null),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
  let open = true;
  return {
    kysely: new Kysely<DB>({ dialect }),
    close: () => {
      if (!open) return;
      open = false;
      try {
        if (conn.inTransaction) conn.prepare("COMMIT").run();
      } finally {
        conn.close();
      }
    },
  };
}
