-- AlterTable
ALTER TABLE "User" ADD COLUMN     "responsesSeenAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Reply_authorId_annotationId_idx" ON "Reply"("authorId", "annotationId");
