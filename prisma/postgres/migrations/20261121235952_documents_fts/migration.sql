-- Full-text search over document titles and texts (PostgreSQL text search), written by hand: Prisma's
-- schema cannot express text search configurations, triggers or tsvector columns. Only
-- lib/documents/store.ts queries these objects. The SQLite migration of the same name builds the FTS5
-- equivalent; both keep the same query syntax (words, "phrases", prefix*), ranking and snippets.
--
-- Words are matched without case and without accents (the unaccent dictionary, a trusted extension that
-- a database owner may create), like SQLite's unicode61 tokenizer with remove_diacritics.
--
-- A document is indexed in rows of DocumentSearch: chunk 0 is its title (weight A: a title match ranks
-- ten times a text match), then its text in pieces of about 50,000 characters cut at white space and
-- overlapping by about 400 (so a phrase across a cut is still found). Pieces keep every document within
-- PostgreSQL's limits (a tsvector holds at most 1 MB, and word positions stop counting at 16,383, which
-- would break phrase search in long texts). A document matches a search when every phrase matches one of
-- its rows. A trigger keeps the rows in step with Document; soft-deleted documents stay indexed and are
-- filtered out at query time, so a restore needs no reindexing.

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION apparatus_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION apparatus_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
    WITH unaccent, simple;

CREATE TABLE "DocumentSearch" (
    "documentId" TEXT NOT NULL REFERENCES "Document"("id") ON DELETE CASCADE,
    "chunk" INTEGER NOT NULL,
    "vector" tsvector NOT NULL,
    PRIMARY KEY ("documentId", "chunk")
);
CREATE INDEX "DocumentSearch_vector_idx" ON "DocumentSearch" USING GIN ("vector");

CREATE FUNCTION apparatus_index_document(doc_id TEXT, title TEXT, body TEXT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    piece CONSTANT INTEGER := 50000;
    overlap CONSTANT INTEGER := 400;
    total INTEGER := length(body);
    first INTEGER := 1;
    cut INTEGER;
    n INTEGER := 1;
    ws INTEGER;
BEGIN
    DELETE FROM "DocumentSearch" WHERE "documentId" = doc_id;
    INSERT INTO "DocumentSearch" VALUES (doc_id, 0, setweight(to_tsvector('apparatus_search', title), 'A'));
    WHILE first <= total LOOP
        cut := first + piece;
        IF cut <= total THEN
            ws := regexp_instr(substr(body, cut, 2000), '\s');
            cut := CASE WHEN ws > 0 THEN cut + ws - 1 ELSE least(cut + 2000, total + 1) END;
        ELSE
            cut := total + 1;
        END IF;
        INSERT INTO "DocumentSearch" VALUES (doc_id, n, setweight(to_tsvector('apparatus_search', substr(body, first, cut - first)), 'D'));
        n := n + 1;
        EXIT WHEN cut > total;
        ws := regexp_instr(substr(body, cut - overlap, overlap), '\s');
        first := CASE WHEN ws > 0 THEN cut - overlap + ws - 1 ELSE cut END;
    END LOOP;
END;
$$;

CREATE FUNCTION apparatus_document_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM apparatus_index_document(NEW."id", NEW."title", NEW."text");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Document_search_insert" AFTER INSERT ON "Document"
    FOR EACH ROW EXECUTE FUNCTION apparatus_document_search();
CREATE TRIGGER "Document_search_update" AFTER UPDATE OF "title", "text" ON "Document"
    FOR EACH ROW EXECUTE FUNCTION apparatus_document_search();

-- Index the documents that exist already.
SELECT apparatus_index_document("id", "title", "text") FROM "Document";

-- The same text can be in the library only once (among live documents): the last guard against two
-- simultaneous uploads of the same file (the service checks first, to answer with the existing one).
CREATE UNIQUE INDEX "Document_live_textHash_key" ON "Document"("textHash") WHERE "deletedAt" IS NULL;

-- Sorting the library by date added or published reads only these indexes (as on SQLite).
CREATE INDEX "Document_deletedAt_createdAt_idx" ON "Document"("deletedAt", "createdAt");
CREATE INDEX "Document_deletedAt_publishedAt_idx" ON "Document"("deletedAt", "publishedAt");
