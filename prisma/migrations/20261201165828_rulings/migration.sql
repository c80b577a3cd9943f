-- AlterTable
ALTER TABLE "Verdict" ADD COLUMN "resolution" TEXT;
ALTER TABLE "Verdict" ADD COLUMN "resolvedAt" DATETIME;

-- CreateTable
CREATE TABLE "Ruling" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "annotationId" TEXT NOT NULL,
    "editorId" TEXT NOT NULL,
    "classification" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "rationaleText" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Ruling_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Ruling_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Ruling_annotationId_key" ON "Ruling"("annotationId");

-- Disputes written before disputes could resolve: one proposing the class its annotation has now was
-- either adopted by the author or proposed the class it already had; either way it is no longer open.
UPDATE "Verdict" SET "resolvedAt" = CURRENT_TIMESTAMP, "resolution" = 'adopted'
WHERE "verdict" = 'dispute' AND "resolvedAt" IS NULL
  AND "proposedClass" = (SELECT "classification" FROM "Annotation" WHERE "Annotation"."id" = "Verdict"."annotationId");
