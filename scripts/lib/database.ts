// For the command-line scripts: the configured database, or a clear message and exit code 2.
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
