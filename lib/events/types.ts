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
  | "presence";

/** An event as delivered to a stream: the current state of what it names. */
export interface LiveEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  payload: unknown;
}

/**
 * What a stored event names: an annotation ({ id }), a reply ({ id, annotationId }) or, for
 * `document.version`, the document and the version number ({ id, version }); for `document.deleted`,
 * the document ({ id }). Never content.
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
