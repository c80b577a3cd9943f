// For unit tests of what crosses processes: a statement run on a database connection of its own, as
// another server process (or a CLI command) would run it, not through this process's store.
import Database from "better-sqlite3";
import pg from "pg";

/** Runs `text` (with `?` placeholders) on a new connection to the test database, then closes it. */
export async function elsewhere(text: string, params: unknown[]): Promise<void> {
  const url = process.env.DATABASE_URL!;
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { timeout: 10_000 });
    try {
      db.prepare(text).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let i = 0;
    await client.query(text.replace(/\?/g, () => `$${++i}`), params);
  } finally {
    await client.end();
  }
}
