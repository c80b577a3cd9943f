// Times in the database: written as ISO 8601 UTC text with "+00:00" (the form Prisma's SQLite adapter
// writes, so rows written by either compare and sort as text; PostgreSQL parses it into its timestamps),
// read back by either engine as a string and turned into the API's ISO form ("…Z") here.

/** A time as the stores write it. */
export const storedTime = (date: Date = new Date()): string => date.toISOString().replace("Z", "+00:00");

/**
 * A row's new `updatedAt` when it had `previous` (ISO): now, or a millisecond after `previous` when the
 * clock has not passed it. Edits checked against the `updatedAt` their writer saw (a reply, a ruling) need
 * every change to move it: two saves in one millisecond would otherwise look like no change.
 */
export function storedTimeAfter(previous: string | null | undefined): string {
  const now = Date.now();
  const after = previous ? Date.parse(previous) + 1 : now;
  return storedTime(new Date(Math.max(now, Number.isNaN(after) ? now : after)));
}

/** A stored time (SQLite text in any ISO form, epoch milliseconds, or PostgreSQL's value) as "…sssZ". */
export function toIso(value: string | number | Date): string {
  if (typeof value === "string") {
    // Fast paths: this runs for every date of every exported row.
    if (value.length === 24 && value[23] === "Z" && value[10] === "T") return value;
    if (value.length === 29 && value.endsWith("+00:00") && value[10] === "T" && value[19] === ".") return `${value.slice(0, 23)}Z`;
    // SQLite's CURRENT_TIMESTAMP ("2026-12-01 14:46:29") is UTC without a zone.
    if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return new Date(`${value.replace(" ", "T")}Z`).toISOString();
  }
  return new Date(value).toISOString();
}

export const toIsoOrNull = (value: string | number | Date | null): string | null => (value === null ? null : toIso(value));
