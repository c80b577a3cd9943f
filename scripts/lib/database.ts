// For the command-line scripts: the configured database, or a clear message and exit code 2.
import fs from "node:fs";
import { MigrationError, schemaState } from "@/lib/store/migrate";
import { DatabaseUrlError, parseDatabaseUrl, type DatabaseTarget } from "@/lib/store/url";

export function databaseTargetOrExit(): DatabaseTarget {
  try {
    return parseDatabaseUrl(process.env.DATABASE_URL);
  } catch (error) {
    if (error instanceof DatabaseUrlError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

const SET_UP =
  "Set one up with `npm run db:migrate` (an empty installation) or `npm start` (which seeds the demo into an empty database; `npm start -- --no-demo` does not).";

/** Said when a SQLite file the scripts are to work on is not there (checked before anything opens it). */
export function missingDatabaseMessage(target: DatabaseTarget): string | null {
  return target.engine === "sqlite" && !fs.existsSync(target.file) ? `No database at ${target.display} (nothing was created). ${SET_UP}` : null;
}

/**
 * For the scripts that read or write the app's tables (user:create, import, export, db:seed): the
 * configured database, set up and current, or a message saying what to run and exit code 2. Nothing is
 * created: a mistyped SQLite path must not become a new, empty database that an export reads as such.
 */
export async function databaseReadyOrExit(): Promise<DatabaseTarget> {
  const target = databaseTargetOrExit();
  let message: string | null;
  try {
    const schema = await schemaState(target);
    message =
      schema.state === "missing"
        ? missingDatabaseMessage(target)
        : schema.state === "empty"
          ? `The database at ${target.display} has not been set up (no migrations applied). ${SET_UP}`
          : schema.state === "behind"
            ? `The database at ${target.display} is ${schema.pending.length} migration${schema.pending.length === 1 ? "" : "s"} behind this version of Apparatus: run \`npm run db:migrate\` first (safe while a server runs).`
            : null;
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    message = error.message;
  }
  if (message) {
    console.error(message);
    process.exit(2);
  }
  return target;
}
