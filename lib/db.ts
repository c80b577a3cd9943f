// The one Prisma client (better-sqlite3 adapter, JavaScript engine), with the SQLite settings the product relies on.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { ownerOnlyDatabaseFile } from "./db-path";
import { env } from "./env";

/** A FIFO async lock. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire(): Promise<() => void> {
      let release!: () => void;
      const next = new Promise<void>((resolve) => (release = resolve));
      const ready = tail.then(() => release);
      tail = tail.then(() => next);
      return ready;
    },
  };
}

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

// The adapter runs every query on its one connection, and only interactive transactions take its
// lock: a query from another request arriving while a transaction is open would run INSIDE it, and
// be rolled back with it after the API had confirmed it. So every top-level query waits while a
// transaction is open, and a transaction waits for the queries before it.
class SerializedSQLite3 extends PrismaBetterSQLite3 {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    // Per-connection settings, applied before any query. WAL lets readers work during writes;
    // synchronous=NORMAL in WAL keeps every committed transaction across a crash of the server
    // process (the WAL is written before the API answers); FULL also survives power loss at the cost
    // of an fsync per commit (SQLITE_SYNCHRONOUS=FULL).
    const connection = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    connection.pragma("journal_mode = WAL");
    connection.pragma(`synchronous = ${env.sqliteSynchronous}`);
    connection.pragma("foreign_keys = ON");
    connection.pragma(`busy_timeout = ${env.sqliteBusyTimeoutMs}`);
    const lock = createLock();
    const serialize =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const release = await lock.acquire();
        try {
          return await fn(...args);
        } finally {
          release();
        }
      };
    adapter.queryRaw = serialize(adapter.queryRaw.bind(adapter));
    adapter.executeRaw = serialize(adapter.executeRaw.bind(adapter));
    adapter.executeScript = serialize(adapter.executeScript.bind(adapter));
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: Parameters<Adapter["startTransaction"]>): Promise<Transaction> => {
      const release = await lock.acquire();
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

function createClient() {
  const adapter = new SerializedSQLite3({ url: ownerOnlyDatabaseFile(), timeout: env.sqliteBusyTimeoutMs });
  return new PrismaClient({
    adapter,
    omit: { user: { passwordHash: true }, apiToken: { tokenHash: true } },
  });
}

export type Db = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { apparatusDb?: Db };
export const db: Db = globalForDb.apparatusDb ?? createClient();
globalForDb.apparatusDb = db;
