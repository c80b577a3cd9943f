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
  | "presence";

/** An event as delivered to a stream: the current state of what it names. */
export interface LiveEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  payload: unknown;
}

/** What a stored event names: an annotation ({ id }) or a reply ({ id, annotationId }). Never content. */
export interface EventRef {
  id: string;
  annotationId?: string;
}

/** A stored event: a reference (lib/events/service.ts resolves it to the current state for a replay). */
export interface StoredEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  ref: EventRef;
}
