-- CreateIndex
CREATE INDEX "Verdict_verdict_resolvedAt_idx" ON "Verdict"("verdict", "resolvedAt");
