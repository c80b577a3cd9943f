import Link from "next/link";
import { auditHref, type AuditSearch } from "@/lib/audit/schemas";
import type { AuditPage, AuditPerson } from "@/lib/audit/types";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";

interface Props {
  page: AuditPage;
  search: AuditSearch;
  people: AuditPerson[];
  problems: string[];
}

function Paging({ page, search }: Readonly<{ page: AuditPage; search: AuditSearch }>) {
  if (!page.prevCursor && !page.nextCursor) return null;
  return (
    <nav aria-label="Audit log pages" className="pagination">
      {page.prevCursor ? (
        <Link href={auditHref(search, { cursor: page.prevCursor })} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="muted">← Previous</span>
      )}
      <span className="muted small">Newest first</span>
      {page.nextCursor ? (
        <Link href={auditHref(search, { cursor: page.nextCursor })} rel="next">
          Next →
        </Link>
      ) : (
        <span className="muted">Next →</span>
      )}
    </nav>
  );
}

export function AuditView({ page, search, people, problems }: Readonly<Props>) {
  const filtered = !!(search.type || search.userId || search.actorId || search.targetId || search.from || search.to);
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="muted small">
        Sign-ins and failed sign-ins, sign-outs, accounts, roles, passwords and API tokens; annotations an admin deleted or restored; rulings
        recorded, changed or withdrawn; documents whose details were changed, deleted, restored or given new versions; and imports. Dates and times are UTC.
      </p>
      <AuditFilters search={search} people={people} />
      {problems.length > 0 && (
        <p className="error" role="alert">
          Some filters were ignored: {problems.join(" ")}
        </p>
      )}
      {page.events.length > 0 ? (
        <AuditTable events={page.events} search={search} />
      ) : (
        <p role="status">{filtered ? "No events match these filters." : "No events on this page."}</p>
      )}
      <Paging page={page} search={search} />
    </section>
  );
}
