// What the live stream carries (lib/events/bus.ts, GET /api/documents/[id]/events).
export type DocumentEventType =
  | "annotation.created"
  | "annotation.updated"
  | "annotation.deleted"
  | "annotation.restored"
  | "reply.created"
  | "reply.updated"
  | "reply.deleted"
  | "verdict.changed"
  /** A new version of the text: every annotation was re-anchored on it (one event, not one per annotation). */
  | "document.version"
  /** The document was deleted (soft, by an admin): open pages stop offering writes. Delivered on a replay only while it is still deleted. */
  | "document.deleted"
  /** An admin changed the document's details (title, kind, publisher, …): `{ document: DocumentDetails }`, the current ones. */
  | "document.details"
  | "presence";

/** An event as delivered to a stream: the current state of what it names. */
export interface LiveEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  payload: unknown;
}

/**
 * An event as a write in this process produced it, for publishing once the write has committed: its
 * payload is the state the write left (what the log resolves to at that moment), and `previousId` is
 * the id of the document's event before it, read in the same transaction (0 when none). A stream that
 * has been given everything up to `previousId` can be handed this event as it is (lib/events/bus.ts).
 */
export interface CommittedEvent extends LiveEvent {
  previousId: number;
}

/**
 * What a stored event names: an annotation ({ id }), a reply ({ id, annotationId }) or, for
 * `document.version`, the document and the version number ({ id, version }); for `document.deleted` and
 * `document.details`, the document ({ id }). Never content.
 */
export interface EventRef {
  id: string;
  annotationId?: string;
  version?: number;
}

/** A stored event: a reference (lib/events/service.ts resolves it to the current state for a replay). */
export interface StoredEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  ref: EventRef;
}
