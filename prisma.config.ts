// Prisma CLI configuration: JavaScript engine + better-sqlite3 adapter, so nothing is downloaded.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { ownerOnlyDatabaseFile } from "./lib/db-path";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: ownerOnlyDatabaseFile() }),
  schema: "prisma/schema.prisma",
});
