-- AlterTable
ALTER TABLE "Verdict" ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Ruling" (
    "id" TEXT NOT NULL,
    "annotationId" TEXT NOT NULL,
    "editorId" TEXT NOT NULL,
    "classification" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "rationaleText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ruling_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Ruling_annotationId_key" ON "Ruling"("annotationId");

-- AddForeignKey
ALTER TABLE "Ruling" ADD CONSTRAINT "Ruling_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ruling" ADD CONSTRAINT "Ruling_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Disputes written before disputes could resolve: one proposing the class its annotation has now was
-- either adopted by the author or proposed the class it already had; either way it is no longer open.
UPDATE "Verdict" SET "resolvedAt" = CURRENT_TIMESTAMP, "resolution" = 'adopted'
WHERE "verdict" = 'dispute' AND "resolvedAt" IS NULL
  AND "proposedClass" = (SELECT "classification" FROM "Annotation" WHERE "Annotation"."id" = "Verdict"."annotationId");
