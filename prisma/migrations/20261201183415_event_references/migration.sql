-- Live events become references (lib/events/store.ts), written by hand: a data change, no schema change.
-- A DocumentEvent used to store the full record of what changed (note, evidence, reply text), and a
-- replay with ?since=0 sent it to anyone, deleted content included. Keep only the ids of what each
-- event names: { "id" } for an annotation, { "id", "annotationId" } for a reply. A replay reads the
-- current state of what an event names, so a deleted annotation or reply replays as a deletion.
UPDATE "DocumentEvent" SET "payload" = CASE
    WHEN NOT json_valid("payload") THEN '{}'
    WHEN json_type("payload", '$.annotation.id') = 'text'
        THEN json_object('id', json_extract("payload", '$.annotation.id'))
    WHEN json_type("payload", '$.reply.id') = 'text'
        THEN json_object('id', json_extract("payload", '$.reply.id'), 'annotationId', json_extract("payload", '$.reply.annotationId'))
    WHEN "type" LIKE 'reply.%' AND json_type("payload", '$.id') = 'text'
        THEN json_object('id', json_extract("payload", '$.id'), 'annotationId', json_extract("payload", '$.annotationId'))
    WHEN json_type("payload", '$.id') = 'text'
        THEN json_object('id', json_extract("payload", '$.id'))
    ELSE '{}'
END;
