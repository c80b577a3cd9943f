// The one schema (prisma/schema.prisma, SQLite) → the same models for PostgreSQL. A Prisma schema
// names one provider, so the PostgreSQL client and migrations are made from this derived copy
// (git-ignored, rewritten on every use). Used by ensurePrismaClient and npm run db:migration.
import fs from "node:fs";
import path from "node:path";

/** Rewrite a SQLite schema's text for PostgreSQL; `clientOutput` is relative to the new file. */
export function postgresSchemaText(sqliteSchema, { clientOutput = "../prisma-pg", keepKysely = false } = {}) {
  let text = sqliteSchema.replace(/datasource db \{[^}]*\}/, 'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://apparatus@localhost/apparatus"\n}');
  text = text.replace(/(generator client \{[^}]*output\s*=\s*)"[^"]*"/, `$1"${clientOutput}"`);
  if (!keepKysely) text = text.replace(/(\/\/[^\n]*\n)*generator kysely \{[^}]*\}\n*/, "");
  if (!/provider = "postgresql"/.test(text)) throw new Error("could not rewrite the datasource for PostgreSQL");
  return text;
}

/** Write generated/postgres/schema.prisma from prisma/schema.prisma; returns its path. */
export function writePostgresSchema(root) {
  const out = path.join(root, "generated", "postgres", "schema.prisma");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, postgresSchemaText(fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8")));
  return out;
}
