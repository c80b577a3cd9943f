import "server-only";
// Whether this server process can serve: its database answers. GET /api/health (for load balancers and
// monitors, no sign-in) and the error page (components/layout/use-database-wait.ts), which tells a person
// that the database cannot be reached, or is busy, rather than that something went wrong, and waits for it.
import { pingDatabase } from "./store";

export async function checkHealth(): Promise<{ status: "ok" }> {
  await pingDatabase();
  return { status: "ok" };
}
