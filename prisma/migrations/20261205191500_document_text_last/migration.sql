-- Document's and DocumentVersion's text moved to the end of their rows, written by hand (Prisma's diff
-- ignores the order of columns). SQLite stores a row's columns in order, and a text longer than a page
-- continues in a chain of overflow pages; reading any column stored after it (deletedAt, version,
-- lastActivityAt, length…) walked the whole chain. So the library's page read every listed document's
-- text (100 documents of 300,000 characters: 44 ms a page, 2.7 ms with the text last), and each
-- annotation's create walked its document's text for the version check and the activity time.
-- PostgreSQL keeps long values out of the row (TOAST): nothing changes there.
--
-- The tables are redefined (new table, copy, drop, rename). lib/store/migrate.ts runs migrations with
-- foreign keys off and checks them all before it commits, so dropping Document cascades nothing. The
-- rename needs the view over Document gone first (SQLite checks every view when a table is renamed), and
-- dropping Document dropped its full-text triggers and hand-written indexes: all are written again below
-- as the documents_fts migration made them. The full-text index itself is untouched: it is keyed by
-- DocumentSearchKey, not by Document's rowid, which this copy renumbers.

DROP VIEW "DocumentSearchContent";

CREATE TABLE "new_Document" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
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
INSERT INTO "new_Document" ("id", "title", "kind", "publisher", "author", "publishedAt", "sourceUrl", "textHash", "length", "words", "version", "createdById", "createdAt", "updatedAt", "lastActivityAt", "deletedAt", "text")
    SELECT "id", "title", "kind", "publisher", "author", "publishedAt", "sourceUrl", "textHash", "length", "words", "version", "createdById", "createdAt", "updatedAt", "lastActivityAt", "deletedAt", "text" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE INDEX "Document_textHash_idx" ON "Document"("textHash");
CREATE INDEX "Document_deletedAt_title_idx" ON "Document"("deletedAt", "title");
CREATE INDEX "Document_deletedAt_createdAt_idx" ON "Document"("deletedAt", "createdAt");
CREATE INDEX "Document_deletedAt_publishedAt_idx" ON "Document"("deletedAt", "publishedAt");
CREATE UNIQUE INDEX "Document_live_textHash_key" ON "Document"("textHash") WHERE "deletedAt" IS NULL;

CREATE TABLE "new_DocumentVersion" (
    "documentId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "textHash" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "words" INTEGER NOT NULL,
    "format" TEXT,
    "note" TEXT,
    "addedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "text" TEXT NOT NULL,

    PRIMARY KEY ("documentId", "number"),
    CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DocumentVersion_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_DocumentVersion" ("documentId", "number", "textHash", "length", "words", "format", "note", "addedById", "createdAt", "text")
    SELECT "documentId", "number", "textHash", "length", "words", "format", "note", "addedById", "createdAt", "text" FROM "DocumentVersion";
DROP TABLE "DocumentVersion";
ALTER TABLE "new_DocumentVersion" RENAME TO "DocumentVersion";

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
