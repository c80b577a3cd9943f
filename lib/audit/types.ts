// What GET /api/audit and the audit page see of an event.
import type { AuditType } from "./schemas";

export interface AuditPerson {
  id: string;
  name: string;
  email: string;
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
}

export interface AuditPage {
  events: AuditEventDTO[];
  /** Cursor for older events, or null on the last page. */
  nextCursor: string | null;
  /** Cursor for newer events, or null on the first page. */
  prevCursor: string | null;
}
