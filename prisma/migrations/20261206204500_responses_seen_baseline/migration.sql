-- Data only (no change to the schema): people whose accounts were there when Responses arrived have seen
-- what came before it, so their menu counts what others do from now on, not their whole history as "99+"
-- new. In the stores' time form (lib/store/time.ts storedTime: "…sss+00:00").
UPDATE "User" SET "responsesSeenAt" = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE "responsesSeenAt" IS NULL;
