import "server-only";
// The security audit log: append-only events (who did what to whom, from where). Every service records
// here, so this stays below them all; the admins' reader, which names what the events point to from the
// other stores, is lib/audit-log/service.ts.
import type { PeopleClient } from "@/lib/users/store";
import type { Tx } from "@/lib/store/transaction";
import { insertAuditEvent, insertAuditEventIn } from "./store";
import type { AuditType } from "./schemas";

export { AUDIT_TYPES, type AuditType } from "./schemas";
export type { AuditEventDTO, AuditPage, AuditPerson } from "./types";

type AuditEntry = {
  type: AuditType;
  actorId?: string | null;
  targetId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
};

const auditRow = (options: AuditEntry) => ({
  type: options.type,
  actorId: options.actorId ?? null,
  targetId: options.targetId ?? null,
  ip: options.ip ?? null,
  detail: options.detail ? JSON.stringify(options.detail) : null,
});

/** An audit row in the write that makes the change it records (the query builder's transaction): both commit, or neither. */
export async function recordAuditIn(tx: Tx, options: AuditEntry): Promise<void> {
  await insertAuditEventIn(tx, auditRow(options));
}

/** An audit row on its own (a sign-in, a failed one), or in the people store's transaction, committing with the change it records. */
export async function recordAudit(options: AuditEntry, tx?: PeopleClient): Promise<void> {
  await insertAuditEvent(auditRow(options), tx);
}
