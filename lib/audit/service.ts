import "server-only";
// The security audit log: append-only events (who did what to whom, from where). Every service records
// here, so this stays below them all; the admins' reader, which names what the events point to from the
// other stores, is lib/audit-log/service.ts.
import type { PeopleClient } from "@/lib/users/store";
import { insertAuditEvent } from "./store";
import type { AuditType } from "./schemas";

export { AUDIT_TYPES, type AuditType } from "./schemas";
export type { AuditEventDTO, AuditPage, AuditPerson } from "./types";

export async function recordAudit(
  options: {
    type: AuditType;
    actorId?: string | null;
    targetId?: string | null;
    ip?: string | null;
    detail?: Record<string, unknown>;
  },
  /** The people store's transaction, so the row commits with the change it records. */
  tx?: PeopleClient,
): Promise<void> {
  await insertAuditEvent(
    {
      type: options.type,
      actorId: options.actorId ?? null,
      targetId: options.targetId ?? null,
      ip: options.ip ?? null,
      detail: options.detail ? JSON.stringify(options.detail) : null,
    },
    tx,
  );
}
