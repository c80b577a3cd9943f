import "server-only";
// SQLite checkpoints off the event loop. In WAL mode every commit appends to the -wal file, and by
// default the commit that takes the log past 1,000 pages copies them all into the database file and
// fsyncs it: 5–12 ms on this machine, inside that COMMIT, on the event loop (better-sqlite3 is
// synchronous), so every request and live delivery of the process waited, about once per 80 creates.
// Here a worker thread with a connection of its own watches the log's length in the WAL index (the
// -shm file) and runs the checkpoint instead, in parallel with the app's connection. The app's own
// automatic checkpoint stays as a fallback at a higher mark, for a worker that cannot keep up (a
// bulk import) or is gone. The log is still restarted by the app's next write, as before.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** The log length (frames not yet in the database file) at which the worker checkpoints. */
export const CHECKPOINT_FRAMES = 1000;
/** The app connection's own automatic checkpoint while the worker runs: a fallback. */
export const FALLBACK_CHECKPOINT_FRAMES = 4 * CHECKPOINT_FRAMES;
const POLL_MS = 100;

/**
 * The frames of the log not yet copied into the database file, from the first 100 bytes of the WAL
 * index (the -shm file; https://www.sqlite.org/walformat.html, native byte order): mxFrame, the last
 * valid frame, at byte 16; nBackfill, the frames already copied, at byte 96 (after a restart of the log
 * it still counts the old one until the next checkpoint). Read without a lock: a torn read only moves a
 * checkpoint by one poll. Self-contained: the worker runs its source.
 */
export function framesToCopy(header: Buffer): number {
  const mxFrame = header.readUInt32LE(16);
  const nBackfill = header.readUInt32LE(96);
  return mxFrame >= nBackfill ? mxFrame - nBackfill : mxFrame;
}

// Runs in the worker.
const WORKER_SOURCE = `
const framesToCopy = ${framesToCopy.toString()};
const fs = require("node:fs");
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
db.pragma("synchronous = " + workerData.synchronous);
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const header = Buffer.alloc(100);
let shm = null;
function pending() {
  try {
    shm ??= fs.openSync(workerData.file + "-shm", "r");
    if (fs.readSync(shm, header, 0, 100, 0) < 100) return 0;
  } catch {
    return 0;
  }
  return framesToCopy(header);
}
const timer = setInterval(() => {
  if (pending() < workerData.frames) return;
  try {
    const [row] = checkpoint.all();
    parentPort.postMessage({ checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ error: error.message });
  }
}, workerData.pollMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  if (shm !== null) fs.closeSync(shm);
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface Checkpoints {
  /** Ends the worker (its connection closed). */
  stop(): Promise<void>;
  /** Test hook: called after each checkpoint the worker ran. */
  onCheckpoint?: (result: { checkpointed: number }) => void;
}

/**
 * Start the worker for the database file the app's connection `conn` has open in WAL mode, and move
 * the connection's automatic checkpoint to the fallback mark. Null (nothing changed) when the driver
 * cannot be found from the working directory or a worker cannot start.
 */
export function startCheckpoints(file: string, conn: Database.Database, synchronous: string): Checkpoints | null {
  if (file === ":memory:" || !fs.existsSync(file)) return null;
  let driver: string;
  try {
    driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  } catch {
    return null;
  }
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: path.resolve(file), driver, synchronous, frames: CHECKPOINT_FRAMES, pollMs: POLL_MS },
    });
  } catch {
    return null;
  }
  worker.unref();
  conn.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_FRAMES}`);
  let stopped: Promise<void> | null = null;
  const handle: Checkpoints = {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          void worker.terminate().finally(resolve);
        };
        worker.once("exit", () => resolve());
        worker.on("message", (message: { stopped?: boolean }) => {
          if (message.stopped) done();
        });
        worker.postMessage("stop");
        setTimeout(done, 1000).unref();
      });
      return stopped;
    },
  };
  worker.on("message", (message: { checkpointed?: number; error?: string }) => {
    if (message.error) console.error(`SQLite checkpoint: ${message.error}`);
    else if (message.checkpointed !== undefined) handle.onCheckpoint?.({ checkpointed: message.checkpointed });
  });
  worker.on("error", (error) => {
    // Without the worker the app's own automatic checkpoint takes over again at the usual mark.
    console.error(`SQLite checkpoints: ${error.message}; checkpointing on commit again`);
    if (conn.open) conn.pragma(`wal_autocheckpoint = ${CHECKPOINT_FRAMES}`);
  });
  return handle;
}
