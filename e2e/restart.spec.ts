import { test, expect } from "@playwright/test";
import { spawnSync } from "node:child_process";
import net from "node:net";
import { apiAs, signInWithForm } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD, E2E_PORT } from "./support/env";
import { annotate, documentByTitle } from "./support/api";
import { annotationsRegion } from "./support/reader";
import { TestServer } from "./support/server";

// This spec runs its own server (on its own throw-away database) so it can kill and restart it.
const server = new TestServer(E2E_PORT + 50, "restart");
const BASE = server.baseURL;

test("after the server is killed and restarted, an open page reconnects and shows what was created meanwhile", async ({ browser }) => {
  test.setTimeout(180_000);
  await server.start(true);
  try {
    const ctx = await browser.newContext({ baseURL: BASE });
    const page = await ctx.newPage();
    // signInWithForm waits for the library's load event: before its stylesheet applies, the table and the
    // phone-width cards (hidden by CSS) are both visible and "The Spark" matches twice.
    await signInWithForm(page, ACCOUNTS.rosa);
    await page.getByRole("link", { name: "The Spark", exact: true }).click();
    await expect(page.getByTestId("live-status")).toHaveText("● Live");

    server.kill();
    await expect(page.getByTestId("live-status")).toHaveText("Reconnecting…", { timeout: 10_000 });

    await server.start(false);
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
    server.kill();
  }
});

test("npm start on a port already taken stops before it changes anything (a second one in this folder rebuilt the first's app under it)", async () => {
  const port = E2E_PORT + 52;
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(port, resolve));
  try {
    const res = spawnSync("node", ["scripts/start.mjs"], { env: { ...process.env, PORT: String(port) }, encoding: "utf8", timeout: 60_000 });
    expect(res.status, res.stdout + res.stderr).toBe(1);
    expect(res.stderr).toContain(`Apparatus: port ${port} is in use (an Apparatus already running, or another program).`);
    expect(res.stderr).toContain("Nothing was changed.");
    // it stopped first: no install, migration, seed or build step ran
    expect(res.stdout).not.toMatch(/▸/);
  } finally {
    taken.close();
  }
  const bad = spawnSync("node", ["scripts/start.mjs"], { env: { ...process.env, PORT: "30000x" }, encoding: "utf8", timeout: 60_000 });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('PORT must be a port number, 0 to 65535 (got "30000x")');
});
