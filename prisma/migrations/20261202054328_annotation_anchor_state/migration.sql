-- CreateIndex
CREATE INDEX "Annotation_documentId_anchorState_idx" ON "Annotation"("documentId", "anchorState");
