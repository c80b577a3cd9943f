import Link from "next/link";
import { AUDIT_TYPES, AUDIT_TYPE_LABELS, type AuditSearch } from "@/lib/audit/schemas";
import type { AuditPerson } from "@/lib/audit/types";

/** A plain GET form: the filters live in the URL, so a filtered view can be bookmarked or shared. */
export function AuditFilters({ search, people }: Readonly<{ search: AuditSearch; people: AuditPerson[] }>) {
  const filtered = !!(search.type || search.userId || search.actorId || search.targetId || search.from || search.to);
  return (
    <form method="get" action="/admin/audit" className="audit-filters" role="search" aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="audit-type">Type</label>
        <select id="audit-type" name="type" defaultValue={search.type ?? ""}>
          <option value="">All types</option>
          {AUDIT_TYPES.map((type) => (
            <option key={type} value={type}>
              {AUDIT_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-person">Person</label>
        <select id="audit-person" name="userId" defaultValue={search.userId ?? ""} aria-describedby="audit-person-hint">
          <option value="">Anyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </select>
        <span id="audit-person-hint" className="visually-hidden">
          Events where this person acted or was acted upon.
        </span>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input id="audit-from" name="from" type="date" defaultValue={search.from?.slice(0, 10) ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To</label>
        <input id="audit-to" name="to" type="date" defaultValue={search.to?.slice(0, 10) ?? ""} />
      </div>
      {search.actorId && <input type="hidden" name="actorId" value={search.actorId} />}
      {search.targetId && <input type="hidden" name="targetId" value={search.targetId} />}
      {search.limit && <input type="hidden" name="limit" value={search.limit} />}
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        {filtered && <Link href="/admin/audit">Clear filters</Link>}
      </div>
    </form>
  );
}
