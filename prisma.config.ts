// Prisma CLI configuration: the JavaScript engine, so nothing is downloaded. The CLI is used to
// generate the clients and to write migrations (scripts/db/); migrations are applied by
// scripts/migrate.ts on either engine, not by `prisma migrate deploy`.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { parseDatabaseUrl } from "./lib/store/url";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const target = parseDatabaseUrl(process.env.DATABASE_URL);
    if (target.engine !== "sqlite") throw new Error("The Prisma CLI is configured for SQLite here; PostgreSQL migrations are applied by npm run db:migrate.");
    return new PrismaBetterSQLite3({ url: target.file });
  },
  schema: "prisma/schema.prisma",
});
