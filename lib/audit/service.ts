import "server-only";
// The security audit log: append-only events (who did what to whom, from where) and the admin's reader.
import { findPeople, findPeopleDirectory, type PeopleClient } from "@/lib/users/store";
import { findAuditEvents, insertAuditEvent } from "./store";
import { AUDIT_PAGE_SIZE, type AuditCursor, type AuditType } from "./schemas";
import type { AuditPage, AuditPerson } from "./types";

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

function parseDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: detail };
  }
}

/** Newest first, filtered, one page at a time; cursors are event ids, so paging is stable while events arrive. */
export async function listAuditEvents(options: {
  type?: AuditType;
  actorId?: string;
  targetId?: string;
  /** Events where this user is the actor or the target. */
  userId?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  cursor?: AuditCursor;
  limit?: number;
}): Promise<AuditPage> {
  const limit = options.limit ?? AUDIT_PAGE_SIZE;
  const cursor = options.cursor;
  const newer = cursor?.direction === "after";
  // One extra row tells whether there is another page in the direction of travel.
  const rows = await findAuditEvents(options, { cursor, take: limit + 1 });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (newer) page.reverse();

  let hasNewer: boolean;
  let hasOlder: boolean;
  if (!cursor) {
    hasNewer = false;
    hasOlder = more;
  } else if (newer) {
    hasNewer = more;
    hasOlder = true; // we came from an older page
  } else {
    hasOlder = more;
    hasNewer = true; // we came from a newer page
  }
  // An empty page (say, the events after a cursor were all filtered away) still offers a way back.
  if (page.length === 0) {
    return {
      events: [],
      nextCursor: cursor && newer ? `before.${cursor.id + 1}` : null,
      prevCursor: cursor && !newer ? `after.${cursor.id - 1}` : null,
    };
  }

  const ids = new Set<string>();
  for (const r of page) {
    if (r.actorId) ids.add(r.actorId);
    if (r.targetId) ids.add(r.targetId);
  }
  const found = await findPeople(ids);
  const people = new Map([...found].map(([id, p]) => [id, { id, name: p.name, email: p.email }]));

  return {
    events: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      type: r.type,
      actorId: r.actorId,
      targetId: r.targetId,
      actor: (r.actorId && people.get(r.actorId)) || null,
      target: (r.targetId && people.get(r.targetId)) || null,
      ip: r.ip,
      detail: parseDetail(r.detail),
    })),
    nextCursor: hasOlder ? `before.${page[page.length - 1].id}` : null,
    prevCursor: hasNewer ? `after.${page[0].id}` : null,
  };
}

/** Everyone who may appear in the log, for the person filter. */
export async function listAuditPeople(): Promise<AuditPerson[]> {
  return findPeopleDirectory();
}

