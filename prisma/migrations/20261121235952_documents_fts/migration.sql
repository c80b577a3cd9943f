-- Full-text search over document titles and texts (SQLite FTS5), written by hand: Prisma's schema
-- cannot express virtual tables, views or triggers. Only lib/documents/search.ts queries these objects.
--
-- DocumentSearchKey gives every document a stable integer key for the index (Document's implicit
-- rowid may change on VACUUM, because its primary key is TEXT). The FTS table is "external content":
-- it reads titles and texts through the DocumentSearchContent view (for snippets and rebuilds), so
-- texts are stored once. Triggers keep the index in step with Document; soft-deleted documents stay
-- indexed and are filtered out at query time, so a restore needs no reindexing.
--
-- NOTE for later migrations: a Prisma "RedefineTables" of Document (drop + rename) drops the triggers
-- and the partial unique index below; such a migration must recreate them (copy them from here).

CREATE TABLE "DocumentSearchKey" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL
);
CREATE UNIQUE INDEX "DocumentSearchKey_documentId_key" ON "DocumentSearchKey"("documentId");

CREATE VIEW "DocumentSearchContent" AS
    SELECT k."id" AS "key", d."title" AS "title", d."text" AS "text"
    FROM "DocumentSearchKey" k JOIN "Document" d ON d."id" = k."documentId";

CREATE VIRTUAL TABLE "DocumentFts" USING fts5(
    "title",
    "text",
    content = 'DocumentSearchContent',
    content_rowid = 'key',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Rank by BM25 with a title match worth ten text matches.
INSERT INTO "DocumentFts"("DocumentFts", "rank") VALUES ('rank', 'bm25(10.0, 1.0)');

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

-- Index the documents that exist already.
INSERT INTO "DocumentSearchKey"("documentId") SELECT "id" FROM "Document" ORDER BY "createdAt", "id";
INSERT INTO "DocumentFts"("DocumentFts") VALUES ('rebuild');

-- The same text can be in the library only once (among live documents): the last guard against two
-- simultaneous uploads of the same file (the service checks first, to answer with the existing one).
CREATE UNIQUE INDEX "Document_live_textHash_key" ON "Document"("textHash") WHERE "deletedAt" IS NULL;

-- Sorting the library by date added or published reads only these indexes: createdAt and deletedAt
-- are stored after the (large) text in each row, so reading them from the table costs the whole text.
-- Also declared in this migration's schema.prisma snapshot as @@index([deletedAt, createdAt]) and
-- @@index([deletedAt, publishedAt]) (Prisma's names), so the next generated migration agrees.
CREATE INDEX "Document_deletedAt_createdAt_idx" ON "Document"("deletedAt", "createdAt");
CREATE INDEX "Document_deletedAt_publishedAt_idx" ON "Document"("deletedAt", "publishedAt");
