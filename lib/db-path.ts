// Where the SQLite file lives: DATABASE_URL ("file:..." or a path) or .data/apparatus.db. Shared by the app, the Prisma CLI and scripts.
import path from "node:path";
import fs from "node:fs";

export function databaseFile(): string {
  const url = process.env.DATABASE_URL;
  const file = url ? url.replace(/^file:/, "") : path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "apparatus.db");
  const abs = path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
  fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
  return abs;
}

/**
 * Make a database file readable and writable by its owner only (0600): created so when missing,
 * narrowed when it exists, and its -wal/-shm/-journal files with it. SQLite creates those with the
 * database file's own permissions, so once the file is 0600 they are too.
 *
 * An existing file is never opened here, only chmodded: closing any descriptor of a database file
 * releases every POSIX lock this process holds on it, SQLite's included, and another process could
 * then take the WAL away from under our open connections.
 */
export function restrictToOwner(file: string, options: { create?: boolean } = {}): void {
  if (options.create) {
    try {
      fs.closeSync(fs.openSync(file, "wx", 0o600)); // fails, without opening, when the file exists
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // not there
    }
  }
}

/** The database file, ready to be opened: created if missing, owner-only (see restrictToOwner). */
export function ownerOnlyDatabaseFile(): string {
  const file = databaseFile();
  restrictToOwner(file, { create: true });
  return file;
}
