// Throw-away PostgreSQL databases for unit tests, on the server TEST_POSTGRES_URL names.
import pg from "pg";

function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_POSTGRES_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database apparatus_<name> (dropped first if it exists); returns its URL. */
export async function postgresDatabaseUrl(name: string): Promise<string> {
  const database = `apparatus_${name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`;
  await onServer(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${database}" TEMPLATE template0 ENCODING 'UTF8'`);
  });
  return serverUrl(database);
}

/** Drop every database of one test run. */
export async function dropRunDatabases(run: string): Promise<void> {
  await onServer(async (c) => {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`apparatus_unit_${run}%`]);
    for (const { datname } of rows as Array<{ datname: string }>) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
