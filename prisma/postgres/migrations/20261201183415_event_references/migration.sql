-- Live events become references (lib/events/store.ts), written by hand: a data change, no schema change.
-- A DocumentEvent used to store the full record of what changed (note, evidence, reply text), and a
-- replay with ?since=0 sent it to anyone, deleted content included. Keep only the ids of what each
-- event names: { "id" } for an annotation, { "id", "annotationId" } for a reply. A replay reads the
-- current state of what an event names, so a deleted annotation or reply replays as a deletion.
-- The payload column is text; one that is not JSON (never written by the app) becomes {}.
CREATE FUNCTION pg_temp.apparatus_event_json(payload text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN payload::jsonb;
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$;

UPDATE "DocumentEvent" AS e SET "payload" = (
  SELECT CASE
      WHEN j IS NULL OR jsonb_typeof(j) <> 'object' THEN '{}'
      WHEN jsonb_typeof(j -> 'annotation' -> 'id') = 'string'
          THEN jsonb_build_object('id', j -> 'annotation' -> 'id')::text
      WHEN jsonb_typeof(j -> 'reply' -> 'id') = 'string'
          THEN jsonb_build_object('id', j -> 'reply' -> 'id', 'annotationId', j -> 'reply' -> 'annotationId')::text
      WHEN e."type" LIKE 'reply.%' AND jsonb_typeof(j -> 'id') = 'string'
          THEN jsonb_build_object('id', j -> 'id', 'annotationId', j -> 'annotationId')::text
      WHEN jsonb_typeof(j -> 'id') = 'string'
          THEN jsonb_build_object('id', j -> 'id')::text
      ELSE '{}'
  END
  FROM pg_temp.apparatus_event_json(e."payload") AS j
);
