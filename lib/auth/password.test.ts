import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

/** A hash as the app made them before: scrypt N=2^15, r=8, p=1. */
function oldHash(password: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", 2 ** 15, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

// The unit suites set PASSWORD_HASH_N to 2^14 (vitest.config.mts): the module is imported here afresh
// without it, with the app's default parameters.
let hashPassword: typeof import("./password").hashPassword;
let needsRehash: typeof import("./password").needsRehash;
let verifyPassword: typeof import("./password").verifyPassword;
let SCRYPT_PARAMS: typeof import("./password").SCRYPT_PARAMS;

describe("password hashing", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    vi.stubEnv("PASSWORD_HASH_N", undefined);
    vi.resetModules();
    ({ hashPassword, needsRehash, verifyPassword, SCRYPT_PARAMS } = await import("./password"));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("hashes with at least OWASP's scrypt parameters (N=2^17, r=8, p=1), stored in the hash", async () => {
    expect(SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(SCRYPT_PARAMS.r).toBeGreaterThanOrEqual(8);
    const hash = await hashPassword("correct horse battery");
    const [scheme, n, r, p] = hash.split("$");
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual(["scrypt", 2 ** 17, 8, 1]);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("still verifies hashes made with the old parameters, and marks them for rehashing", async () => {
    const hash = oldHash("an older password");
    expect(await verifyPassword("an older password", hash)).toBe(true);
    expect(await verifyPassword("another password", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(true);
  });

  it("refuses malformed hashes and parameters beyond its memory bound without throwing", async () => {
    for (const bad of ["", "scrypt$unused", "bcrypt$x", "scrypt$abc$8$1$c2FsdA==$a2V5", `scrypt$${2 ** 24}$8$1$c2FsdA==$a2V5`]) {
      expect(await verifyPassword("x", bad), bad).toBe(false);
    }
  });
});

describe("PASSWORD_HASH_N", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("takes a power of two from 2^14 up and refuses anything weaker or malformed, naming the setting", async () => {
    vi.stubEnv("PASSWORD_HASH_N", String(2 ** 14));
    vi.resetModules();
    expect((await import("@/lib/env")).env.passwordHashN).toBe(2 ** 14);
    for (const bad of [String(2 ** 13), "20000", "fast", String(2 ** 21)]) {
      vi.stubEnv("PASSWORD_HASH_N", bad);
      vi.resetModules();
      await expect(import("@/lib/env"), bad).rejects.toThrow(/Invalid environment: PASSWORD_HASH_N/);
    }
  });
});

describe("a hash no password can match", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it("is refused after a KDF run, as a wrong password is, so a sign-in's time does not tell that an imported account exists", async () => {
    const scrypt = vi.spyOn(crypto, "scrypt");
    vi.resetModules();
    const password = await import("./password");
    await password.dummyHash(); // made once per process, before any sign-in is timed
    const { unusablePasswordHash } = await import("@/lib/import/placeholder");
    for (const unusable of [unusablePasswordHash(), "", "scrypt$unused"]) {
      scrypt.mockClear();
      expect(await password.verifyPassword("a guess at it", unusable), unusable).toBe(false);
      expect(scrypt, unusable).toHaveBeenCalledTimes(1);
    }
    scrypt.mockClear();
    expect(await password.verifyPassword("a guess at it", await password.hashPassword("the real one"))).toBe(false);
    expect(scrypt).toHaveBeenCalledTimes(2); // the hash, then the check
  });
});
