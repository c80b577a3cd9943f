// SQLite's checkpoints in a worker thread (lib/store/checkpoints.ts), on a database file of the test's own
// (in both legs of npm test: it imports the data layer, and takes a second).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { CHECKPOINT_FRAMES, FALLBACK_CHECKPOINT_FRAMES, framesToCopy, startCheckpoints, type Checkpoints } from "@/lib/store/checkpoints";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function scratch(): { file: string; conn: Database.Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-checkpoints-"));
  const file = path.join(dir, "test.db");
  const conn = new Database(file);
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = FULL");
  conn.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  cleanups.push(() => {
    if (conn.open) conn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { file, conn };
}

/** Frames in the log not yet copied into the database file, from the WAL index header. */
function pendingFrames(file: string): number {
  const header = Buffer.alloc(100);
  const fd = fs.openSync(`${file}-shm`, "r");
  try {
    fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  return framesToCopy(header);
}

describe("SQLite checkpoints off the event loop", () => {
  it("copies the log into the database file in a worker once it is past the mark, the app's connection only as a fallback", async () => {
    const { file, conn } = scratch();
    const checkpoints = startCheckpoints(file, conn, "FULL") as Checkpoints;
    expect(checkpoints).not.toBeNull();
    cleanups.push(() => checkpoints.stop());
    expect(conn.pragma("wal_autocheckpoint", { simple: true })).toBe(FALLBACK_CHECKPOINT_FRAMES);

    const done = new Promise<{ checkpointed: number }>((resolve) => (checkpoints.onCheckpoint = resolve));
    // Commits of ~10 pages each, past the mark: the app's connection, at its fallback mark, copies nothing.
    const insert = conn.prepare("INSERT INTO t (body) VALUES (?)");
    const body = "x".repeat(40_000);
    const commits = Math.ceil((CHECKPOINT_FRAMES * 1.2) / 10);
    for (let i = 0; i < commits; i++) insert.run(body);

    // The worker may have run while the commits were still coming (it polls on a thread of its own):
    // what it copied was at least the mark, and what is left is less than the mark.
    const result = await done;
    expect(result.checkpointed).toBeGreaterThanOrEqual(CHECKPOINT_FRAMES);
    expect(pendingFrames(file)).toBeLessThan(CHECKPOINT_FRAMES);
    // Everything committed is there, through a connection that reads the database file as well as the log.
    const other = new Database(file, { readonly: true });
    expect(other.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: commits });
    expect(other.pragma("integrity_check", { simple: true })).toBe("ok");
    other.close();
  });

  it("stops: the worker closes its connection and says nothing more", async () => {
    const { file, conn } = scratch();
    const checkpoints = startCheckpoints(file, conn, "FULL") as Checkpoints;
    let heard = 0;
    checkpoints.onCheckpoint = () => heard++;
    await checkpoints.stop();
    await checkpoints.stop(); // twice is fine
    const insert = conn.prepare("INSERT INTO t (body) VALUES (?)");
    for (let i = 0; i < Math.ceil((CHECKPOINT_FRAMES * 1.2) / 10); i++) insert.run("y".repeat(40_000));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(heard).toBe(0);
    expect(pendingFrames(file)).toBeGreaterThanOrEqual(CHECKPOINT_FRAMES); // nobody checkpointed
  });

  it("leaves a database it cannot run for (in memory) as it is", () => {
    const conn = new Database(":memory:");
    expect(startCheckpoints(":memory:", conn, "FULL")).toBeNull();
    expect(conn.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    conn.close();
  });
});
