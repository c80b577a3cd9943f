// Password hashing with Node's scrypt (memory-hard) and a per-user random salt; no native dependency.
// A hash is "scrypt$N$r$p$salt$key", so hashes made with older parameters stay verifiable; a sign-in
// with such a hash stores a new one (see needsRehash and lib/auth/options.ts).
import crypto from "node:crypto";
import { promisify } from "node:util";
import { env } from "@/lib/env";

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// OWASP's Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB of memory per hash,
// 128 * N * r bytes). PASSWORD_HASH_N changes N (2^14 at least): the e2e servers use 2^14, since a
// hash at 2^17 costs about a second of CPU and the suites sign in hundreds of times.
export const SCRYPT_PARAMS = { N: env.passwordHashN, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// Node refuses a hash needing more memory than maxmem (default 32 MiB): room for N=2^17 plus overhead,
// and the upper bound for parameters read back from a stored hash.
const MAX_MEMORY = 256 * 1024 * 1024;
export const MIN_PASSWORD_LENGTH = 10;

// At most two hashes at a time: each holds 128 MiB while it runs, and a burst of sign-ins must not
// take the process's memory (the rest wait their turn in order).
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
  const salt = crypto.randomBytes(16);
  const key = await limited(() => scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: MAX_MEMORY }));
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

function parseHash(stored: string) {
  const [scheme, n, rr, pp, saltB64, keyB64] = stored.split("$");
  const [N, r, p] = [Number(n), Number(rr), Number(pp)];
  if (scheme !== "scrypt" || !saltB64 || !keyB64 || ![N, r, p].every((x) => Number.isInteger(x) && x > 0)) return null;
  if (128 * N * r > MAX_MEMORY || p > 16) return null;
  return { N, r, p, salt: Buffer.from(saltB64, "base64"), key: Buffer.from(keyB64, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length === 0) {
    // A hash no password can match (an account an import made) is refused only after a KDF run like
    // any other: answered at once, a sign-in would tell that such an account exists for the address.
    await verifyPassword(password, await dummyHash());
    return false;
  }
  const { N, r, p, salt, key: expected } = parsed;
  const key = await limited(() => scrypt(password, salt, expected.length, { N, r, p, maxmem: MAX_MEMORY }));
  return crypto.timingSafeEqual(key, expected);
}

/** True when some password can match the stored hash (an import's placeholder hash is one none can). */
export function isUsableHash(stored: string): boolean {
  const parsed = parseHash(stored);
  return parsed !== null && parsed.key.length > 0;
}

/** True when a stored hash was made with weaker parameters than today's (rehash it at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.N < SCRYPT_PARAMS.N || parsed.r < SCRYPT_PARAMS.r || parsed.p < SCRYPT_PARAMS.p || parsed.key.length < KEY_LENGTH;
}

// A hash of a random password, compared against when the email is unknown, so timing does not reveal
// whether an account exists.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return dummy;
}

const BLANK_PASSWORD = "A password cannot be only spaces."; // lib/users/schemas.ts says the same to the forms

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 1000) return "Passwords can have at most 1000 characters.";
  if (password.trim() === "") return BLANK_PASSWORD;
  return null;
}
