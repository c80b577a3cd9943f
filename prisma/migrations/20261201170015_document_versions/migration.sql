-- AlterTable
ALTER TABLE "Document" ADD COLUMN "version" INTEGER;

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "anchorDetail" TEXT;
ALTER TABLE "Annotation" ADD COLUMN "anchorState" TEXT;
ALTER TABLE "Annotation" ADD COLUMN "anchorVersion" INTEGER;

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "documentId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "words" INTEGER NOT NULL,
    "format" TEXT,
    "note" TEXT,
    "addedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("documentId", "number"),
    CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DocumentVersion_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnnotationPlacement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "annotationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "detail" TEXT,
    "supersededAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnnotationPlacement_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AnnotationPlacement_annotationId_version_idx" ON "AnnotationPlacement"("annotationId", "version");

-- Written by hand: every document gets its text as version 1, added by whoever added the document,
-- when it was added. Annotations need nothing: a null anchorState is "exact" and a null anchorVersion
-- the document's current version (lib/annotations/store.ts).
INSERT INTO "DocumentVersion" ("documentId", "number", "text", "textHash", "length", "words", "format", "note", "addedById", "createdAt")
    SELECT "id", 1, "text", "textHash", "length", "words", NULL, NULL, "createdById", "createdAt" FROM "Document";
UPDATE "Document" SET "version" = 1;
