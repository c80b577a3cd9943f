-- The open disputes (a dispute verdict not yet resolved), indexed on their own. The disputes queue
-- (lib/annotations/store.ts findOpenDisputes) reads them first; resolving, settling and a summary's
-- dispute counts find an annotation's open disputes by its id. Written by hand: Prisma 6 cannot declare
-- a partial index, so schema.prisma does not list it and later generated migrations leave it alone.
-- It replaces verdict_open_disputes' index on (verdict, resolvedAt), which SQLite's planner also chose
-- for those per-annotation lookups, reading every open dispute of the corpus for each.

-- DropIndex
DROP INDEX "Verdict_verdict_resolvedAt_idx";

-- CreateIndex
CREATE INDEX "Verdict_open_dispute_idx" ON "Verdict"("annotationId") WHERE "verdict" = 'dispute' AND "resolvedAt" IS NULL;
