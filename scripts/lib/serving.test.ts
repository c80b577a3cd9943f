import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the start scripts
import { liveServers } from "./serving.mjs";

const serving = path.join(__dirname, "serving.mjs");
const children: Array<{ kill: () => void }> = [];
afterEach(() => children.splice(0).forEach((c) => c.kill()));

/** A folder with .data/serving/ as a serving primary leaves it. */
function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-serving-"));
  fs.mkdirSync(path.join(dir, ".data", "serving"), { recursive: true });
  return dir;
}
const entry = (dir: string, pid: number, port: string, script: string) =>
  fs.writeFileSync(path.join(dir, ".data", "serving", `${pid}.json`), JSON.stringify({ pid, port, script }));

/** assertBuildReplaceable run as npm start runs it: in a process of its own. */
function check(dir: string, current: boolean) {
  const code = `import(${JSON.stringify(serving)}).then((m) => m.assertBuildReplaceable(${current}, ${JSON.stringify(dir)}))`;
  return spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
}

describe("servers of this folder's build (npm start must not rebuild under one)", () => {
  it("a live server stops a rebuild with a message naming it; ended ones and unreadable files are cleared; a current build needs no rebuild", async () => {
    const dir = folder();
    expect(liveServers(dir)).toEqual([]);
    expect(check(dir, false).status).toBe(0);

    // a "server": a script of its own, as npm start's primary runs scripts/start.mjs
    const script = path.join(dir, "serve.mjs");
    fs.writeFileSync(script, "setInterval(() => {}, 1000);\n");
    const server = spawn(process.execPath, [script], { stdio: "ignore" });
    children.push({ kill: () => server.kill() });
    const ended = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const other = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); // a reused pid: another program
    children.push({ kill: () => other.kill() });
    entry(dir, server.pid!, "3650", script);
    entry(dir, ended, "3651", script);
    entry(dir, other.pid!, "3652", script);
    fs.writeFileSync(path.join(dir, ".data", "serving", "123.json"), "{ not json");

    expect(liveServers(dir)).toEqual([{ pid: server.pid, port: "3650" }]);
    expect(fs.readdirSync(path.join(dir, ".data", "serving"))).toEqual([`${server.pid}.json`]);

    const refused = check(dir, false);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`Apparatus is serving it (pid ${server.pid} on port 3650)`);
    expect(refused.stderr).toContain(`kill ${server.pid}`);
    expect(refused.stderr).toContain("Nothing was changed.");
    expect(check(dir, true).status).toBe(0); // the build it serves is current: nothing to replace

    server.kill();
    await new Promise((resolve) => server.once("exit", resolve));
    expect(liveServers(dir)).toEqual([]);
    expect(check(dir, false).status).toBe(0);
  });

  it("a serving process's entry goes when it exits", () => {
    const dir = folder();
    const code = `import(${JSON.stringify(serving)}).then((m) => { m.registerServing(4000, ${JSON.stringify(dir)}); console.log(JSON.stringify(m.liveServers(${JSON.stringify(dir)}))); console.log(require("node:fs").readdirSync(${JSON.stringify(path.join(dir, ".data", "serving"))}).length); })`;
    const run = spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    // itself is not "another server"; its file was there while it ran, and is gone after
    expect(run.stdout.trim().split("\n")).toEqual(["[]", "1"]);
    expect(fs.readdirSync(path.join(dir, ".data", "serving"))).toEqual([]);
  });
});
