-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "access" TEXT NOT NULL DEFAULT 'write';
