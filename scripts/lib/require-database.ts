// Imported first by the command-line scripts that do not need the app's tables (db:migrate, backup, restore):
// an unusable DATABASE_URL stops the command with a clear message (exit 2) before anything else loads or
// touches a file. The others import require-existing-database.
import { databaseTargetOrExit } from "./database";

databaseTargetOrExit();
