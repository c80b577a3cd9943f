import "server-only";
// PostgreSQL engine: one pg pool shared by Kysely (the stores) and the Prisma client (people, tokens,
// audit). Values come back in the same JavaScript types as on SQLite, so the stores' code is the same on
// both engines: timestamps as ISO strings (UTC), counts as numbers.
import pg from "pg";
import { Kysely, PostgresDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from "kysely";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "@/generated/prisma-pg/client";
import type { PrismaClient } from "@/generated/prisma/client";
import type { DB } from "@/generated/kysely/types";
import { env } from "@/lib/env";
import { withTroubleDigest } from "@/lib/errors";
import { APPLICATION_NAME } from "./url";

const TIMESTAMP = 1114; // timestamp(3) without time zone: Prisma's DateTime on PostgreSQL, stored as UTC
const TIMESTAMPTZ = 1184;
const INT8 = 20; // count(*), sum()

/** "2026-12-01 14:46:29.12" → "2026-12-01T14:46:29.120Z" */
export function pgTimestampToIso(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/.exec(value);
  if (m) return `${m[1]}T${m[2]}.${(m[3] ?? "").padEnd(3, "0").slice(0, 3)}Z`;
  return new Date(value.replace(" ", "T") + (/[zZ]|[+-]\d{2}(:?\d{2})?$/.test(value) ? "" : "Z")).toISOString();
}

const typeOverrides = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMP) return pgTimestampToIso;
    if (oid === TIMESTAMPTZ) return (value: string) => new Date(value).toISOString();
    if (oid === INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

/**
 * Hands the stores a copy of each result's rows and empties pg's own array. pg's array lives through the
 * query's round trip, long enough to reach V8's old generation; once dead it stays there until a full
 * collection, and until then every row it points to counts as alive in each young-generation collection,
 * which moves the rows to the old generation too (in a bare pg loop, 100% of the rows; emptied, none).
 * So every row read became old garbage: the first corpus export (100,000 annotations in pages of 1,000)
 * grew the server by 156–175 MB before V8 collected it. The copy is made and dropped between two turns of
 * the event loop, and dies young.
 */
const freshRows: KyselyPlugin = {
  transformQuery: ({ node }: PluginTransformQueryArgs): RootOperationNode => node,
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = result.rows as UnknownRow[];
    return rows.length === 0 ? result : { ...result, rows: takeRows(rows) };
  },
};

/**
 * The rows of a compiled query as arrays of column values, read by pg itself (`rowMode: "array"`) on
 * the pool or a snapshot's connection: for selectRows (lib/store/engine.ts), the exports' reads, where pg
 * building an object per row (then turned into an array) was the most of what reading cost here. Null
 * for a Kysely instance this module did not make with a connection of its own (a transaction's).
 */
export function readPostgresArrays(q: object, sql: string, parameters: readonly unknown[]): Promise<unknown[][]> | null {
  const run = arrayRunners.get(q);
  return run ? freshArrays(run({ text: sql, values: parameters as unknown[], rowMode: "array" })) : null;
}

type ArrayRunner = (config: pg.QueryArrayConfig) => Promise<pg.QueryArrayResult>;
const arrayRunners = new WeakMap<object, ArrayRunner>();

/** As freshRows: a copy of pg's array of rows, pg's own emptied. */
async function freshArrays(result: Promise<pg.QueryArrayResult>): Promise<unknown[][]> {
  return takeRows((await result).rows);
}

/** A copy of `rows`, the array itself emptied (see freshRows). */
function takeRows<T>(rows: T[]): T[] {
  const copy = rows.slice();
  rows.length = 0;
  return copy;
}

export interface PostgresEngine {
  kysely: Kysely<DB>;
  prisma: PrismaClient;
  pool: pg.Pool;
  /** The server process ids (backend PIDs) of the pool's open connections: this process's own. */
  backends: Set<number>;
}

export { APPLICATION_NAME } from "./url";

/** How long a new connection may take to be set up (a server that accepts and never answers), or a request to wait for a free one. */
export const CONNECT_TIMEOUT_MS = 10_000;

export function createPool(url: string, max = env.pgPoolSize): pg.Pool {
  // synchronous_commit on whatever the server's default: a confirmed write is on the server's disk.
  // Named, so that pg_stat_activity (and a restore's check, backup.ts) can tell the app's connections.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: typeOverrides,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: "-c synchronous_commit=on",
    application_name: APPLICATION_NAME,
  });
  // An idle client losing its server (restart, network) must not crash the process; the next query reconnects.
  pool.on("error", (error) => console.error(`PostgreSQL pool: ${error.message}`));
  pool.on("connect", (client) => guard(client, env.pgAnswerTimeoutMs));
  digestConnectErrors(pool);
  return pool;
}

/**
 * A connection the pool could not lend (the server refused it, or none came free within 10 s) fails
 * with the digest of its trouble (lib/errors.ts withTroubleDigest), so that a page's error boundary
 * can tell. pg's pool.query lends its connection through this too.
 */
function digestConnectErrors(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (callback?: (error: Error | undefined, ...rest: unknown[]) => void) => Promise<pg.PoolClient> | void;
  (pool as unknown as { connect: typeof connect }).connect = (callback) =>
    callback
      ? connect((error, ...rest) => callback(error && withTroubleDigest(error), ...rest))
      : (connect() as Promise<pg.PoolClient>).catch((error: unknown) => {
          throw withTroubleDigest(error);
        });
}

/** Closes a client's socket at once: end() would wait for an answer from a server that no longer gives one. */
export function destroyConnection(client: pg.ClientBase): void {
  (client as unknown as { connection?: { stream?: { destroy: () => void } } }).connection?.stream?.destroy();
}

/**
 * Guards on each of the pool's connections:
 * - A connection lost while it is lent out (between a transaction's statements, as PostgreSQL stops) is
 *   reported to the statement running or the next one; pg also emits it as an 'error' event, which, with
 *   no listener on a lent client, became an uncaught exception.
 * - A statement unanswered for `answerTimeoutMs` (PG_ANSWER_TIMEOUT_MS) gives its connection up: a server
 *   that stopped answering without closing (frozen, or cut off by the network) held each request on it
 *   for ever. The statement fails as a lost connection (503 UNAVAILABLE), and the pool opens a new one.
 *   Streams (cursors) are not timed: only statements that answer with a promise.
 * - A statement's error that is the database's trouble (the connection lost) carries its digest
 *   (lib/errors.ts withTroubleDigest). The query builder throws pg's error itself; Prisma throws one of
 *   its own, which its client's extension gives the digest (createPostgresEngine).
 */
function guard(client: pg.PoolClient, answerTimeoutMs: number): void {
  client.on("error", () => {});
  const giveUp = () => destroyConnection(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    // Kysely awaits the promise; pg's pool.query (Prisma's adapter) passes a callback.
    const last = args.length - 1;
    const callback = typeof args[last] === "function" ? (args[last] as (...a: unknown[]) => unknown) : null;
    if (!callback && typeof (args[0] as { submit?: unknown })?.submit === "function") return query(...args); // a cursor: not timed
    const timer = setTimeout(giveUp, answerTimeoutMs);
    if (callback) {
      args[last] = (error: unknown, ...results: unknown[]) => {
        clearTimeout(timer);
        return callback(error && withTroubleDigest(error), ...results);
      };
    }
    const result = query(...args);
    if (result instanceof Promise) {
      return result.then(
        (answer: unknown) => {
          clearTimeout(timer);
          return answer;
        },
        (error: unknown) => {
          clearTimeout(timer);
          throw withTroubleDigest(error);
        },
      );
    }
    if (!callback) clearTimeout(timer);
    return result;
  };
}

export function createPostgresEngine(url: string, prismaOptions: Omit<ConstructorParameters<typeof PostgresPrismaClient>[0], "adapter">): PostgresEngine {
  const pool = createPool(url);
  const backends = new Set<number>();
  pool.on("connect", (client) => backends.add((client as unknown as { processID: number }).processID));
  pool.on("remove", (client) => backends.delete((client as unknown as { processID: number }).processID));
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [freshRows] });
  arrayRunners.set(kysely, (config) => pool.query(config));
  // The same models from the same schema, generated for PostgreSQL: typed as the SQLite client so the
  // stores see one client type. Prisma wraps pg's errors in errors of its own: those that are the
  // database's trouble get its digest here (lib/errors.ts withTroubleDigest).
  const prisma = new PostgresPrismaClient({ ...prismaOptions, adapter: new PrismaPg(pool) }).$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw withTroubleDigest(error);
        }
      },
    },
  }) as unknown as PrismaClient;
  return { kysely, prisma, pool, backends };
}

/** A connection of its own in one REPEATABLE READ, READ ONLY transaction (exports): one snapshot until close. */
export async function openPostgresSnapshot(pool: pg.Pool): Promise<{ kysely: Kysely<DB>; close: () => Promise<void> }> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // An export reads each side table (evidence, verdicts, replies, rulings) by a page's 1,000 ids. At the
    // planner's default cost of a random page (4: disks that seek), it scanned the whole Evidence table for
    // every page of the bench's 100,000-annotation corpus (40,000 rows, 5–9 ms a page) where its index takes
    // 1–2 ms; 1.1 is the setting PostgreSQL's documentation gives for storage without seeks or a database
    // held in memory. Only this transaction's plans change.
    await client.query("SET LOCAL random_page_cost = 1.1");
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  // Kysely releases its client after every query: hand it one whose release keeps the snapshot open.
  const borrowed = { query: client.query.bind(client), release: () => {} };
  const fakePool = { connect: async () => borrowed, end: async () => {}, on: () => fakePool } as unknown as pg.Pool;
  let open = true;
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool: fakePool }), plugins: [freshRows] });
  arrayRunners.set(kysely, (config) => client.query(config));
  return {
    kysely,
    close: async () => {
      if (!open) return;
      open = false;
      try {
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
  };
}
