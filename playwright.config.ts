import { defineConfig, devices } from "@playwright/test";
import { chromiumPath, chromiumArgs } from "./e2e/support/chromium";
import { E2E_PORT, E2E_BASE_URL, E2E_DATABASE_URL } from "./e2e/support/env";

// End-to-end tests run against a real production server (next start) on a throw-away database
// (see scripts/e2e-server.mjs), in Debian's Chromium.
export default defineConfig({
  testDir: "e2e",
  // npm test gives each engine's leg its own folder, since the two legs run at the same time.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Every sign-in costs a deliberately slow password hash (scrypt at N=2^17, about 1 s idle and
  // several on this shared machine under load), and many tests sign in three or four times.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } } }],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `${E2E_BASE_URL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(E2E_PORT), E2E_DATABASE_URL },
  },
});
