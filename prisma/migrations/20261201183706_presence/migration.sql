-- CreateTable
CREATE TABLE "Presence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Presence_documentId_expiresAt_idx" ON "Presence"("documentId", "expiresAt");

-- CreateIndex
CREATE INDEX "Presence_expiresAt_idx" ON "Presence"("expiresAt");
