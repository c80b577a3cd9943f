// Prisma CLI configuration: the JavaScript engine, so nothing is downloaded. The CLI is used to
// generate the clients and to write migrations (scripts/db/); migrations are applied by
// scripts/migrate.ts on either engine, not by `prisma migrate deploy`.
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { parseDatabaseUrl } from "./lib/store/url";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const target = parseDatabaseUrl(process.env.DATABASE_URL);
    if (target.engine !== "sqlite") throw new Error("The Prisma CLI is configured for SQLite here; PostgreSQL migrations are applied by npm run db:migrate.");
    // The CLI opens the database even to diff schemas (npm run db:migration): on a fresh clone the
    // default file's folder (.data/) does not exist yet.
    fs.mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
    return new PrismaBetterSQLite3({ url: target.file });
  },
  schema: "prisma/schema.prisma",
});
