import { test, expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { apiAs } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD, E2E_PORT } from "./support/env";
import { annotate, documentByTitle } from "./support/api";
import { annotationsRegion } from "./support/reader";

// This spec runs its own server (on its own throw-away database) so it can kill and restart it.
const PORT = E2E_PORT + 50;
const BASE = `http://localhost:${PORT}`;
const DB = path.resolve(".data", "e2e", "restart.db");

function startServer(fresh: boolean): ChildProcess {
  return spawn("node", ["scripts/e2e-server.mjs"], {
    env: { ...process.env, PORT: String(PORT), E2E_DB: DB, E2E_KEEP_DB: fresh ? "0" : "1" },
    detached: true,
    stdio: "ignore",
  });
}

async function waitUntilUp(): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/login`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not come up");
}

const kill = (server: ChildProcess) => process.kill(-server.pid!, "SIGKILL");

test("after the server is killed and restarted, an open page reconnects and shows what was created meanwhile", async ({ browser }) => {
  test.setTimeout(180_000);
  let server = startServer(true);
  try {
    await waitUntilUp();
    const ctx = await browser.newContext({ baseURL: BASE });
    const page = await ctx.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(ACCOUNTS.rosa);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "The Spark", exact: true }).click();
    await expect(page.getByTestId("live-status")).toHaveText("● Live");

    kill(server);
    await expect(page.getByTestId("live-status")).toHaveText("Reconnecting…", { timeout: 10_000 });

    server = startServer(false);
    await waitUntilUp();
    const victor = await apiAs(ACCOUNTS.victor, DEMO_PASSWORD, BASE);
    const doc = await documentByTitle(victor, "The Spark");
    await annotate(victor, doc, "Trotskyist group", "contested");
    await annotate(victor, doc, "Lutte Ouvrière", "sourced");

    await expect(page.getByTestId("live-status")).toHaveText("● Live", { timeout: 15_000 });
    const list = annotationsRegion(page);
    await expect(list.getByRole("article", { name: /Contested annotation by Victor Reviewer/ })).toBeVisible({ timeout: 5000 });
    await expect(list.getByRole("article", { name: /Sourced annotation by Victor Reviewer/ })).toBeVisible({ timeout: 5000 });
    await victor.dispose();
    await ctx.close();
  } finally {
    kill(server);
  }
});
