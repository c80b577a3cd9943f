// What GET /api/audit and the audit page see of an event.
import type { AuditType } from "./schemas";

export interface AuditPerson {
  id: string;
  name: string;
  email: string;
}

/** A document an event names (its target, or the document of an annotation it names); `live` unless deleted since. */
export interface AuditDocumentRef {
  id: string;
  title: string;
  live: boolean;
}

/** An annotation an event names, while it is live (on a live document). */
export interface AuditAnnotationRef {
  id: string;
  documentId: string;
  quote: string;
}

export interface AuditEventDTO {
  id: number;
  at: string;
  type: AuditType | string;
  actorId: string | null;
  targetId: string | null;
  /** The actor or target as a user, when the id names one (a target may also be, say, an annotation). */
  actor: AuditPerson | null;
  target: AuditPerson | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
  /**
   * What the event's ids name, as far as they still exist: documents (the target of a document event, or
   * the `documentId` of an annotation or ruling event), live annotations, and people named in the detail
   * (`ruledBy`). An id that names nothing any more is left out.
   */
  refs: { documents: AuditDocumentRef[]; annotations: AuditAnnotationRef[]; people: AuditPerson[] };
}

export interface AuditPage {
  events: AuditEventDTO[];
  /** Cursor for older events, or null on the last page. */
  nextCursor: string | null;
  /** Cursor for newer events, or null on the first page. */
  prevCursor: string | null;
}
