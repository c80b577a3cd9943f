// The one Prisma client (better-sqlite3 adapter, JavaScript engine), with the SQLite settings the product relies on.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseFile } from "./db-path";
import { env } from "./env";

function createClient() {
  const adapter = new PrismaBetterSQLite3({ url: databaseFile(), timeout: env.sqliteBusyTimeoutMs });
  const base = new PrismaClient({
    adapter,
    omit: { user: { passwordHash: true }, apiToken: { tokenHash: true } },
  });
  // The adapter holds one connection; these per-connection settings must run before any query.
  // WAL lets readers work during writes; synchronous=NORMAL in WAL keeps every committed transaction
  // across a crash of the server process (the WAL is written before the API answers); FULL also
  // survives power loss at the cost of an fsync per commit (SQLITE_SYNCHRONOUS=FULL).
  const ready = (async () => {
    await base.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await base.$queryRawUnsafe(`PRAGMA synchronous = ${env.sqliteSynchronous}`);
    await base.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    await base.$queryRawUnsafe(`PRAGMA busy_timeout = ${env.sqliteBusyTimeoutMs}`);
  })();
  return base.$extends({
    query: {
      async $allOperations({ args, query }) {
        await ready;
        return query(args);
      },
    },
  });
}

export type Db = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { apparatusDb?: Db };
export const db: Db = globalForDb.apparatusDb ?? createClient();
globalForDb.apparatusDb = db;
