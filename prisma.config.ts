// Prisma CLI configuration: JavaScript engine + better-sqlite3 adapter, so nothing is downloaded.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseFile } from "./lib/db-path";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: databaseFile() }),
  schema: "prisma/schema.prisma",
});
