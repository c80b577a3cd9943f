// Audit event types and the filters of the audit log, shared by the admin page and GET /api/audit.
import { z } from "zod";

export const AUDIT_TYPES = [
  "sign_in",
  "sign_in_failed",
  "sign_in_throttled",
  "sign_out",
  "sessions_ended",
  "user_created",
  "user_renamed",
  "user_email_changed",
  "role_changed",
  "user_deactivated",
  "user_reactivated",
  "password_reset",
  "password_changed",
  "password_change_failed",
  "token_created",
  "token_revoked",
  "annotation_deleted",
  "annotation_restored",
  "reply_deleted",
  "ruling_recorded",
  "ruling_changed",
  "ruling_withdrawn",
  "document_details_changed",
  "document_deleted",
  "document_restored",
  "document_version_added",
  "import",
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export const AUDIT_TYPE_LABELS: Record<AuditType, string> = {
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in",
  sign_in_throttled: "Sign-in throttled",
  sign_out: "Signed out",
  sessions_ended: "Signed out everywhere else",
  user_created: "User created",
  user_renamed: "User renamed",
  user_email_changed: "Email changed",
  role_changed: "Role changed",
  user_deactivated: "User deactivated",
  user_reactivated: "User reactivated",
  password_reset: "Password reset",
  password_changed: "Password changed",
  password_change_failed: "Password change refused",
  token_created: "API token created",
  token_revoked: "API token revoked",
  annotation_deleted: "Annotation deleted by an admin",
  annotation_restored: "Annotation restored",
  reply_deleted: "Reply deleted by an admin",
  ruling_recorded: "Ruling recorded",
  ruling_changed: "Ruling changed",
  ruling_withdrawn: "Ruling withdrawn",
  document_details_changed: "Document details changed",
  document_deleted: "Document deleted",
  document_restored: "Document restored",
  document_version_added: "New document version",
  import: "Import",
};

export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 200;

// A day (YYYY-MM-DD, read as UTC) or a full ISO date-time.
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayExists = (v: string) => {
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(v);
};
const instant = (edge: "from" | "to") =>
  z
    .string()
    .trim()
    .max(40)
    .refine((v) => (DAY.test(v) ? dayExists(v) : /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), {
      message: `${edge} must be a date (2026-11-22) or an ISO date-time.`,
    })
    // A bare day as `to` includes the whole day: the bound becomes the start of the next day (exclusive).
    .transform((v) => (DAY.test(v) ? new Date(Date.parse(`${v}T00:00:00Z`) + (edge === "to" ? 86_400_000 : 0)) : new Date(v)));

const id = z.string().trim().min(1).max(100);

/** Opaque-looking but readable cursors: `before.<id>` pages to older events, `after.<id>` to newer ones. */
export const auditCursorSchema = z
  .string()
  .regex(/^(before|after)\.\d{1,15}$/, "cursor must come from a previous page (before.<id> or after.<id>).")
  .transform((v) => {
    const [direction, n] = v.split(".");
    return { direction: direction as "before" | "after", id: Number(n) };
  });
export type AuditCursor = z.output<typeof auditCursorSchema>;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const auditQuerySchema = z
  .strictObject({
    type: z.preprocess(blankToUndefined, z.enum(AUDIT_TYPES, { message: `type must be one of: ${AUDIT_TYPES.join(", ")}.` }).optional()),
    actorId: z.preprocess(blankToUndefined, id.optional()),
    targetId: z.preprocess(blankToUndefined, id.optional()),
    // Either the actor or the target.
    userId: z.preprocess(blankToUndefined, id.optional()),
    from: z.preprocess(blankToUndefined, instant("from").optional()),
    to: z.preprocess(blankToUndefined, instant("to").optional()),
    cursor: z.preprocess(blankToUndefined, auditCursorSchema.optional()),
    limit: z.preprocess(
      blankToUndefined,
      z.coerce.number().int().min(1, "limit must be at least 1.").max(MAX_AUDIT_PAGE_SIZE, `limit can be at most ${MAX_AUDIT_PAGE_SIZE}.`).default(AUDIT_PAGE_SIZE),
    ),
  })
  // Zod runs this even when a field failed, with that field's raw input: compare only real dates.
  .refine((q) => !(q.from instanceof Date && q.to instanceof Date) || q.from < q.to, { message: "from must be before to.", path: ["to"] });
export type AuditQuery = z.output<typeof auditQuerySchema>;

const QUERY_KEYS = ["type", "actorId", "targetId", "userId", "from", "to", "cursor", "limit"] as const;
type QueryKey = (typeof QUERY_KEYS)[number];
export type AuditSearch = Partial<Record<QueryKey, string>>;

/**
 * For the audit page: read the URL's filters, dropping (and reporting) any that do not parse instead of
 * failing the whole page. Returns the parsed query and the raw strings the form shows.
 */
export function parseAuditSearchLeniently(params: Record<string, string | string[] | undefined>): {
  query: AuditQuery;
  search: AuditSearch;
  problems: string[];
} {
  const search: AuditSearch = {};
  for (const key of QUERY_KEYS) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== "") search[key] = first;
  }
  const problems: string[] = [];
  for (let attempt = 0; attempt < QUERY_KEYS.length + 1; attempt++) {
    const parsed = auditQuerySchema.safeParse(search);
    if (parsed.success) return { query: parsed.data, search, problems };
    for (const issue of parsed.error.issues) {
      problems.push(issue.message);
      const key = issue.path[0] as QueryKey | undefined;
      if (key) delete search[key];
    }
    if (parsed.error.issues.every((i) => i.path.length === 0)) break;
  }
  return { query: auditQuerySchema.parse({}), search: {}, problems };
}

/** The audit page's URL for these filters (and a cursor), leaving out empty ones. */
export function auditHref(search: AuditSearch, changes: AuditSearch = {}): string {
  const merged: AuditSearch = { ...search, ...changes };
  const params = new URLSearchParams();
  for (const key of QUERY_KEYS) {
    const value = merged[key];
    if (value) params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `/admin/audit?${qs}` : "/admin/audit";
}

export const isKnownAuditType = (value: string): value is AuditType => (AUDIT_TYPES as readonly string[]).includes(value);
