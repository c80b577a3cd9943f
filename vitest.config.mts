import { configDefaults, defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";
import { engineIndependentTests, POSTGRES_ONLY_TESTS, SQLITE_FILE_TESTS } from "./scripts/lib/engine-independent-tests.mjs";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // service modules import "server-only"; under vitest they run in Node, which is fine
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    // npm test's PostgreSQL leg, when the SQLite leg ran the unit tests already: only the files that may
    // reach a database (scripts/lib/engine-independent-tests.mjs); the others ran once, on SQLite, as did
    // those that test commands on SQLite files of their own (SQLITE_FILE_TESTS, there).
    // Without TEST_POSTGRES_URL (the SQLite leg), the files about PostgreSQL itself are left out (POSTGRES_ONLY_TESTS).
    exclude: [
      ...configDefaults.exclude,
      ...(process.env.UNIT_DATABASE_TESTS_ONLY === "1" ? [...engineIndependentTests(), ...SQLITE_FILE_TESTS] : []),
      ...(process.env.TEST_POSTGRES_URL ? [] : POSTGRES_ONLY_TESTS),
    ],
    environment: "node",
    pool: "forks",
    // Vitest's default is one fork per core but one, a single fork on two cores; the files wait on
    // databases, subprocesses and password hashes, so two forks there take 2/3 of the time (measured:
    // 170 s to 119 s for the SQLite run on an idle machine).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // Passwords hash at scrypt's N=2^14 (the lowest the app accepts) instead of its 2^17 default, as in the
    // e2e servers: a hash at 2^17 is ~0.3-1 s of CPU and the suites create and sign in people hundreds of
    // times. lib/auth/password.test.ts checks the default's parameters on a fresh import without it.
    env: { PASSWORD_HASH_N: String(2 ** 14) },
    // npm test runs the unit tests beside both e2e legs, on the same two cores: a test that takes 5 s alone
    // can take six times as long there.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ["lib/testing/global-setup.ts"],
  },
});
