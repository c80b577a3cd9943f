-- Document.titleKey: the title's sort key (lib/documents/sort-key.ts: accents and case ignored), which
-- the library orders titles by, compared by code point (COLLATE "C") as on SQLite. The library ordered by
-- the title with A–Z folded, so "Äpfel" came after "zola" and "élan" after "zebra".
-- The keys are computed in JavaScript: lib/store/migrate.ts runs this migration's data step
-- (lib/store/data-steps.ts) after this SQL, in the same transaction. The index is written by hand in the
-- "C" collation, the one the library's ORDER BY compares in.

DROP INDEX "Document_deletedAt_title_idx";

ALTER TABLE "Document" ADD COLUMN "titleKey" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Document" ALTER COLUMN "titleKey" DROP DEFAULT;

CREATE INDEX "Document_deletedAt_titleKey_idx" ON "Document"("deletedAt", "titleKey" COLLATE "C");
