-- Data only (no change to the schema): people whose accounts were there when Responses arrived have seen
-- what came before it, so their menu counts what others do from now on, not their whole history as "99+"
-- new. Times are stored as UTC.
UPDATE "User" SET "responsesSeenAt" = (now() AT TIME ZONE 'UTC') WHERE "responsesSeenAt" IS NULL;
