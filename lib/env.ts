// The one place that reads process.env: validated with zod, typed for everyone else.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";
import { DatabaseUrlError, parseDatabaseUrl } from "@/lib/store/url";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  NEXTAUTH_URL: z.string().url().optional(),
  // npm start's port; the app's URL without NEXTAUTH_URL is http://localhost:PORT (the CLI's exports name it).
  PORT: z.string().regex(/^\d{1,5}$/, "must be a port number").optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 365).default(12),
  SQLITE_SYNCHRONOUS: z.enum(["NORMAL", "FULL", "EXTRA"]).default("FULL"),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  SQLITE_GROUP_COMMIT: z.enum(["0", "1", "true", "false"]).default("1"),
  TRUST_PROXY: z.enum(["0", "1", "true", "false"]).default("0"),
  // scrypt's cost for new password hashes: OWASP's 2^17 by default; a power of two from 2^14 (the
  // scrypt paper's figure for interactive sign-ins, and Node's default) up.
  PASSWORD_HASH_N: z.coerce
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, "must be a power of two")
    .default(2 ** 17),
  DATABASE_URL: z.string().optional(),
  PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PG_ANSWER_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  // The organisation that publishes the fact-checks (the ClaimReview export's author).
  ORGANIZATION_NAME: z.string().trim().min(1).max(200).optional(),
  ORGANIZATION_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//i.test(v), "must be an http(s) URL")
    .optional(),
});

function load() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

function database() {
  try {
    return parseDatabaseUrl(raw.DATABASE_URL);
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new Error(`Invalid environment: ${error.message}`);
    throw error;
  }
}

const raw = load();

// Without a configured secret, use (and keep) a generated one under .data/, as `npm start` does.
function authSecret(): string {
  const configured = raw.NEXTAUTH_SECRET ?? raw.AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("hex");
    try {
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  }
}

let secret: string | undefined;

export const env = {
  nodeEnv: raw.NODE_ENV,
  appUrl: raw.NEXTAUTH_URL ?? `http://localhost:${raw.PORT ?? "3000"}`,
  secureCookies: (raw.NEXTAUTH_URL ?? "").startsWith("https://"),
  /** Read (or generated) on first use: a build imports this module and must write nothing (scripts/lib/build-opens-no-database.test.ts). */
  get authSecret(): string {
    return (secret ??= authSecret());
  },
  sessionMaxAgeSeconds: Math.round(raw.SESSION_MAX_AGE_HOURS * 3600),
  sqliteSynchronous: raw.SQLITE_SYNCHRONOUS,
  sqliteBusyTimeoutMs: raw.SQLITE_BUSY_TIMEOUT_MS,
  /** false: every write commits on its own (one fsync each); kept for comparison in the benchmark. */
  sqliteGroupCommit: raw.SQLITE_GROUP_COMMIT === "1" || raw.SQLITE_GROUP_COMMIT === "true",
  trustProxy: raw.TRUST_PROXY === "1" || raw.TRUST_PROXY === "true",
  passwordHashN: raw.PASSWORD_HASH_N,
  database: database(),
  pgPoolSize: raw.PG_POOL_SIZE,
  pgAnswerTimeoutMs: raw.PG_ANSWER_TIMEOUT_MS,
  /** The ClaimReview export's author: the name, and its URL (null: the app's public URL). */
  organization: { name: raw.ORGANIZATION_NAME ?? "Apparatus", url: raw.ORGANIZATION_URL ?? null },
} as const;
