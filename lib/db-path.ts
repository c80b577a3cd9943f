// Where the SQLite file lives: DATABASE_URL ("file:..." or a path) or .data/apparatus.db. Shared by the app, the Prisma CLI and scripts.
import path from "node:path";
import fs from "node:fs";

export function databaseFile(): string {
  const url = process.env.DATABASE_URL;
  const file = url ? url.replace(/^file:/, "") : path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "apparatus.db");
  const abs = path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  return abs;
}
