import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { E2E_DATABASE_URL } from "./env";

/** Create an account on the e2e database with the real command-line script; returns its email. */
export function createUser(role: "admin" | "reviewer" | "viewer", name: string, password = "correct-horse-battery"): string {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@e2e.apparatus`;
  execFileSync(
    path.join("node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/user-create.ts", "--email", email, "--name", name, "--role", role, "--password", password],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, stdio: "pipe" },
  );
  return email;
}
