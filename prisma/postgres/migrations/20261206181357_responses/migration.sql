-- AlterTable
ALTER TABLE "User" ADD COLUMN     "responsesSeenAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Reply_authorId_annotationId_idx" ON "Reply"("authorId", "annotationId");

-- CreateIndex
CREATE INDEX "Reply_createdAt_idx" ON "Reply"("createdAt");

-- CreateIndex
CREATE INDEX "Verdict_updatedAt_idx" ON "Verdict"("updatedAt");

-- CreateIndex
CREATE INDEX "Ruling_updatedAt_idx" ON "Ruling"("updatedAt");
