// Imported first by every command-line script: an unusable DATABASE_URL stops the command with a clear
// message (exit 2) before anything else loads or touches a file.
import { databaseTargetOrExit } from "./database";

databaseTargetOrExit();
