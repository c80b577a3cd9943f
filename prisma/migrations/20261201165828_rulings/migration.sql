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
