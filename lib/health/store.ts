import "server-only";
// The health check's one query (lib/health/service.ts): no table of its own, only whether the database answers.
import { sql } from "kysely";
import { db } from "@/lib/store/engine";

/** Resolves when the database answers; throws its error when it cannot be reached. */
export async function pingDatabase(): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
