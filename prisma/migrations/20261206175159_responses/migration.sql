-- AlterTable
ALTER TABLE "User" ADD COLUMN "responsesSeenAt" DATETIME;

-- CreateIndex
CREATE INDEX "Reply_authorId_annotationId_idx" ON "Reply"("authorId", "annotationId");
