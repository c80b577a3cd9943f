import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { e2eDatabaseUrl } from "./env";

/** A production server of our own (scripts/e2e-server.mjs) on a throw-away database, for tests that kill and restart it. */
export class TestServer {
  private child: ChildProcess | null = null;
  /** The server's DATABASE_URL. */
  readonly databaseUrl: string;
  constructor(
    readonly port: number,
    /** The database's name among the suite's throw-away databases (see e2eDatabaseUrl). */
    readonly dbName: string,
    /**
     * Another database server's URL (a PostgreSQL server of the spec's own), more environment (WORKERS),
     * and a file for the server's output (its log), else discarded.
     */
    readonly options: { databaseUrl?: string; env?: Record<string, string>; log?: string } = {},
  ) {
    this.databaseUrl = options.databaseUrl ?? e2eDatabaseUrl(dbName);
  }

  get baseURL() {
    return `http://localhost:${this.port}`;
  }

  async start(fresh: boolean): Promise<void> {
    const log = this.options.log ? fs.openSync(this.options.log, "a") : "ignore";
    this.child = spawn("node", ["scripts/e2e-server.mjs"], {
      env: { ...process.env, ...this.options.env, PORT: String(this.port), E2E_DATABASE_URL: this.databaseUrl, E2E_KEEP_DB: fresh ? "0" : "1" },
      detached: true,
      stdio: ["ignore", log, log],
    });
    if (typeof log === "number") fs.closeSync(log);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.baseURL}/login`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server on ${this.port} did not come up`);
  }

  /** SIGKILL the whole process group: no shutdown hooks, like a crash. */
  kill(): void {
    if (this.child?.pid) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    this.child = null;
  }
}
