-- DropIndex
DROP INDEX "Annotation_documentId_deletedAt_start_idx";

-- CreateIndex
CREATE INDEX "Annotation_documentId_deletedAt_start_end_createdAt_id_idx" ON "Annotation"("documentId", "deletedAt", "start", "end" DESC, "createdAt", "id");
