-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "suggestionKind" TEXT,
ADD COLUMN     "suggestionReason" TEXT;

-- CreateTable
CREATE TABLE "DocumentStructure" (
    "documentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "structure" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentStructure_pkey" PRIMARY KEY ("documentId","version")
);

-- CreateTable
CREATE TABLE "SuggestionDismissal" (
    "documentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "userId" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SuggestionDismissal_pkey" PRIMARY KEY ("documentId","version","userId","start","end")
);

-- CreateIndex
CREATE INDEX "SuggestionDismissal_userId_idx" ON "SuggestionDismissal"("userId");

-- AddForeignKey
ALTER TABLE "DocumentStructure" ADD CONSTRAINT "DocumentStructure_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionDismissal" ADD CONSTRAINT "SuggestionDismissal_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionDismissal" ADD CONSTRAINT "SuggestionDismissal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
