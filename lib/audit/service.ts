import "server-only";
import { db } from "@/lib/db";

export type AuditType =
  | "sign_in"
  | "sign_in_failed"
  | "sign_in_throttled"
  | "sign_out"
  | "user_created"
  | "role_changed"
  | "user_deactivated"
  | "user_reactivated"
  | "password_reset"
  | "token_created"
  | "token_revoked"
  | "annotation_restored"
  | "document_deleted"
  | "document_restored"
  | "import";

export async function recordAudit(options: {
  type: AuditType;
  actorId?: string | null;
  targetId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}): Promise<void> {
  await db.auditEvent.create({
    data: {
      type: options.type,
      actorId: options.actorId ?? null,
      targetId: options.targetId ?? null,
      ip: options.ip ?? null,
      detail: options.detail ? JSON.stringify(options.detail) : null,
    },
  });
}
