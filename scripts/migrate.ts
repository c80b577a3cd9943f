// npm run db:migrate: apply the pending migrations of the configured engine (SQLite or PostgreSQL).
// Safe while another process serves the same database: see lib/store/migrate.ts.
import "./lib/require-database";
import { migrate, MigrationError } from "@/lib/store/migrate";
import { databaseTargetOrExit } from "./lib/database";

async function main() {
  const target = databaseTargetOrExit();
  const quiet = process.argv.includes("--quiet");
  const applied = await migrate(target, { log: (m) => console.log(m) });
  if (!quiet || applied.length) {
    console.log(applied.length ? `Applied ${applied.length} migration(s) to ${target.display}.` : `${target.display} is up to date.`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof MigrationError ? `Migration failed: ${error.message}` : error);
    process.exit(1);
  },
);
