import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
// The throw-away database the e2e server uses (scripts/e2e-server.mjs creates it fresh for every run).
export const E2E_DB = path.resolve(process.env.E2E_DB ?? path.join(process.cwd(), ".data", "e2e", "e2e.db"));
export const DEMO_PASSWORD = "apparatus-demo";
export const ACCOUNTS = {
  admin: "admin@demo.apparatus",
  rosa: "rosa@demo.apparatus",
  victor: "victor@demo.apparatus",
} as const;
