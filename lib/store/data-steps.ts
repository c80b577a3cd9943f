// What a migration's SQL cannot compute (the engines' SQL differs, and SQLite's folds nothing beyond A–Z),
// by migration name: lib/store/migrate.ts runs a migration's step right after its SQL, in its transaction,
// on either engine. A step reads rows and writes back values computed in JavaScript by the same code the
// app writes them with, so existing rows end up as new ones would be.
import { sortKey } from "@/lib/sort-key";

export interface DataStep {
  /** The rows to compute from. */
  select: string;
  /** One row's write, with ? for its values (numbered for PostgreSQL by the runner). */
  update: string;
  values(row: Record<string, unknown>): unknown[];
}

export const DATA_STEPS: Readonly<Record<string, DataStep>> = {
  "20261206173953_document_title_key": {
    select: `SELECT "id", "title" FROM "Document"`,
    update: `UPDATE "Document" SET "titleKey" = ? WHERE "id" = ?`,
    values: (row) => [sortKey(String(row.title)), row.id],
  },
};
