import "server-only";
// The audit store: every query of AuditEvent. An audit row commits with the change it records: the people
// store's changes pass their Prisma transaction (lib/users/store.ts peopleTransaction), the other services
// their write of the query builder (insertAuditEventIn).
import type { Prisma } from "@/generated/prisma/client";
import { prisma, type Tx } from "@/lib/store/engine";
import { storedTime } from "@/lib/store/time";
import type { PeopleClient } from "@/lib/users/store";

export interface AuditRecord {
  id: number;
  at: Date;
  type: string;
  actorId: string | null;
  targetId: string | null;
  ip: string | null;
  /** JSON as stored. */
  detail: string | null;
}

type AuditRow = { type: string; actorId: string | null; targetId: string | null; ip: string | null; detail: string | null };

export async function insertAuditEvent(event: AuditRow, client: PeopleClient = prisma): Promise<void> {
  await client.auditEvent.create({ data: event });
}

/** The same in a write of the query builder (lib/store/transaction.ts): the row commits with the change it records. */
export async function insertAuditEventIn(tx: Tx, event: AuditRow): Promise<void> {
  await tx.insertInto("AuditEvent").values({ ...event, at: storedTime() }).execute();
}

export interface AuditFilter {
  type?: string;
  actorId?: string;
  targetId?: string;
  /** Events where this user is the actor or the target. */
  userId?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

/** Up to `take` events after (`direction` "after": newer, ascending) or before (older, descending) the id `cursor`. */
export function findAuditEvents(filter: AuditFilter, page: { cursor?: { id: number; direction: "before" | "after" }; take: number }): Promise<AuditRecord[]> {
  const filters: Prisma.AuditEventWhereInput[] = [];
  if (filter.type) filters.push({ type: filter.type });
  if (filter.actorId) filters.push({ actorId: filter.actorId });
  if (filter.targetId) filters.push({ targetId: filter.targetId });
  if (filter.userId) filters.push({ OR: [{ actorId: filter.userId }, { targetId: filter.userId }] });
  if (filter.from) filters.push({ at: { gte: filter.from } });
  if (filter.to) filters.push({ at: { lt: filter.to } });
  const newer = page.cursor?.direction === "after";
  if (page.cursor) filters.push({ id: newer ? { gt: page.cursor.id } : { lt: page.cursor.id } });
  return prisma.auditEvent.findMany({ where: { AND: filters }, orderBy: { id: newer ? "asc" : "desc" }, take: page.take });
}
