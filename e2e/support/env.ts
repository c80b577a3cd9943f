import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/**
 * The engine the suite runs on: PostgreSQL when E2E_POSTGRES_URL names a server (any database on it; the
 * suite creates and drops its own throw-away databases there), else SQLite files under .data/e2e/.
 */
export const E2E_POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? "";
export const E2E_ENGINE: "sqlite" | "postgres" = E2E_POSTGRES_URL ? "postgres" : "sqlite";

/** The DATABASE_URL of one of the suite's throw-away databases ("e2e" is the main server's). */
export function e2eDatabaseUrl(name: string): string {
  // The port keeps runs apart: two runs of one checkout on two ports (npm test's legs, a single spec
  // run beside a full run) never share a file, and suites of several checkouts never share a database.
  if (E2E_ENGINE === "sqlite") return `file:${path.resolve(process.cwd(), ".data", "e2e", `${name}-${E2E_PORT}.db`)}`;
  const url = new URL(E2E_POSTGRES_URL);
  url.pathname = `/apparatus_e2e_${E2E_PORT}_${name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`;
  return url.toString();
}

/** The main e2e server's database (scripts/e2e-server.mjs creates it fresh for every run). */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? e2eDatabaseUrl("e2e");
export const DEMO_PASSWORD = "apparatus-demo";
export const ACCOUNTS = {
  admin: "admin@demo.apparatus",
  rosa: "rosa@demo.apparatus",
  victor: "victor@demo.apparatus",
  edith: "edith@demo.apparatus",
} as const;
