// Imported first by the scripts that work on the app's tables (user:create, import, export, db:seed),
// instead of require-database: also stops them when DATABASE_URL names a SQLite file that is not there,
// before the app's modules load and open (and so create) it. Their main() then checks the schema
// (databaseReadyOrExit).
import { databaseTargetOrExit, missingDatabaseMessage } from "./database";

const target = databaseTargetOrExit();
const missing = process.argv.includes("--help") ? null : missingDatabaseMessage(target);
if (missing) {
  console.error(missing);
  process.exit(2);
}
