-- Document.titleKey: the title's sort key (lib/documents/sort-key.ts: accents and case ignored), which
-- the library orders titles by, compared by code point on both engines. The library ordered by lower(title),
-- which folds A–Z only, so "Äpfel" came after "zola" and "élan" after "zebra".
--
-- Written by hand from `prisma migrate diff`'s redefinition, as document_text_last was: the column goes
-- before the text (a column added with ALTER TABLE would land after it, where every read of it walks
-- the text's overflow pages), and dropping Document drops its full-text triggers and hand-written indexes,
-- written again below as document_text_last made them (the view over Document must go before the rename).
-- The keys are computed in JavaScript: lib/store/migrate.ts runs this migration's data step
-- (lib/store/data-steps.ts) after this SQL, in the same transaction; until then each key is lower(title).

DROP VIEW "DocumentSearchContent";

CREATE TABLE "new_Document" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "titleKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "publisher" TEXT,
    "author" TEXT,
    "publishedAt" TEXT,
    "sourceUrl" TEXT,
    "textHash" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "words" INTEGER NOT NULL,
    "version" INTEGER,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    "text" TEXT NOT NULL,
    CONSTRAINT "Document_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Document" ("id", "title", "titleKey", "kind", "publisher", "author", "publishedAt", "sourceUrl", "textHash", "length", "words", "version", "createdById", "createdAt", "updatedAt", "lastActivityAt", "deletedAt", "text")
    SELECT "id", "title", lower("title"), "kind", "publisher", "author", "publishedAt", "sourceUrl", "textHash", "length", "words", "version", "createdById", "createdAt", "updatedAt", "lastActivityAt", "deletedAt", "text" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE INDEX "Document_textHash_idx" ON "Document"("textHash");
CREATE INDEX "Document_deletedAt_titleKey_idx" ON "Document"("deletedAt", "titleKey");
CREATE INDEX "Document_deletedAt_createdAt_idx" ON "Document"("deletedAt", "createdAt");
CREATE INDEX "Document_deletedAt_publishedAt_idx" ON "Document"("deletedAt", "publishedAt");
CREATE UNIQUE INDEX "Document_live_textHash_key" ON "Document"("textHash") WHERE "deletedAt" IS NULL;

CREATE VIEW "DocumentSearchContent" AS
    SELECT k."id" AS "key", d."title" AS "title", d."text" AS "text"
    FROM "DocumentSearchKey" k JOIN "Document" d ON d."id" = k."documentId";

CREATE TRIGGER "Document_fts_insert" AFTER INSERT ON "Document" BEGIN
    INSERT INTO "DocumentSearchKey"("documentId") VALUES (new."id");
    INSERT INTO "DocumentFts"("rowid", "title", "text")
        SELECT k."id", new."title", new."text" FROM "DocumentSearchKey" k WHERE k."documentId" = new."id";
END;

CREATE TRIGGER "Document_fts_update" AFTER UPDATE OF "title", "text" ON "Document" BEGIN
    INSERT INTO "DocumentFts"("DocumentFts", "rowid", "title", "text")
        SELECT 'delete', k."id", old."title", old."text" FROM "DocumentSearchKey" k WHERE k."documentId" = old."id";
    INSERT INTO "DocumentFts"("rowid", "title", "text")
        SELECT k."id", new."title", new."text" FROM "DocumentSearchKey" k WHERE k."documentId" = new."id";
END;

CREATE TRIGGER "Document_fts_delete" AFTER DELETE ON "Document" BEGIN
    INSERT INTO "DocumentFts"("DocumentFts", "rowid", "title", "text")
        SELECT 'delete', k."id", old."title", old."text" FROM "DocumentSearchKey" k WHERE k."documentId" = old."id";
    DELETE FROM "DocumentSearchKey" WHERE "documentId" = old."id";
END;
