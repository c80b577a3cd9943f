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

export interface LiveEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  payload: unknown;
}
