// A server of a spec's own on a PostgreSQL server of its own (scripts/pg-server.sh), for specs that stop,
// freeze or starve the database under a running server: started before the spec's tests, stopped and
// removed after them. `control` runs pg-server.sh on it (halt, resume); `log` is the server's output.
import { test, expect } from "@playwright/test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2E_PORT } from "./env";
import { TestServer } from "./server";

export function serverOnOwnPostgres(name: string, offset: number, env: Record<string, string>) {
  const pgPort = E2E_PORT + 2000 + offset;
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `apparatus-${name}-`));
  fs.chmodSync(parent, 0o755); // run as root, the server runs as the postgres user, who must reach it
  const dir = path.join(parent, "pg");
  const control = (command: string, ...args: string[]) => {
    const res = spawnSync("bash", ["scripts/pg-server.sh", command, dir, ...args], { encoding: "utf8" });
    expect(res.status, `pg-server.sh ${command}: ${res.stdout}${res.stderr}`).toBe(0);
    return res.stdout.trim();
  };
  const databaseUrl = `postgresql://postgres@127.0.0.1:${pgPort}/apparatus_e2e_${E2E_PORT}_${name}`;
  const log = path.join(parent, "server.log"); // the server's output, for a spec to read
  const server = new TestServer(E2E_PORT + offset, name, { databaseUrl, env, log });

  test.describe.configure({ timeout: 240_000 });
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    control("start", String(pgPort));
    await server.start(true);
  });
  test.afterAll(() => {
    server.kill();
    spawnSync("bash", ["scripts/pg-server.sh", "stop", dir]);
    fs.rmSync(parent, { recursive: true, force: true });
  });
  return { server, databaseUrl, control, log };
}
