-- CreateTable
CREATE TABLE "Presence" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Presence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Presence_documentId_expiresAt_idx" ON "Presence"("documentId", "expiresAt");

-- CreateIndex
CREATE INDEX "Presence_expiresAt_idx" ON "Presence"("expiresAt");

-- Cross-process live updates (lib/store/changes.ts): every server process LISTENs on apparatus_changes.
-- A new event of a document, or a reader opening or closing one, is announced when its transaction
-- commits (NOTIFY is transactional, and identical payloads within one transaction are sent once). The
-- payload names the document only; listeners read what changed from the tables.
CREATE FUNCTION "apparatus_notify_event"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('apparatus_changes', 'e:' || NEW."documentId");
  RETURN NULL;
END
$$;

CREATE TRIGGER "DocumentEvent_notify" AFTER INSERT ON "DocumentEvent"
  FOR EACH ROW EXECUTE FUNCTION "apparatus_notify_event"();

CREATE FUNCTION "apparatus_notify_presence"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('apparatus_changes', 'p:' || COALESCE(NEW."documentId", OLD."documentId"));
  RETURN NULL;
END
$$;

CREATE TRIGGER "Presence_notify" AFTER INSERT OR DELETE ON "Presence"
  FOR EACH ROW EXECUTE FUNCTION "apparatus_notify_presence"();
