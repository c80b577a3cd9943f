import Link from "next/link";
import { AUDIT_TYPE_LABELS, auditHref, isKnownAuditType, type AuditSearch } from "@/lib/audit/schemas";
import type { AuditEventDTO, AuditPerson } from "@/lib/audit/types";

// Times in UTC, like the date filters: the server renders the page and does not know the reader's zone.
export const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

// Who acted when no signed-in person did: the command line (seed, user:create, import) or an anonymous visitor.
function nobody(type: string): string {
  if (type === "sign_in_failed" || type === "sign_in_throttled") return "anonymous";
  if (type === "user_created" || type === "import") return "command line";
  return "—";
}

function Person({ person, id, search, fallback }: Readonly<{ person: AuditPerson | null; id: string | null; search: AuditSearch; fallback: string }>) {
  if (person) {
    return (
      <>
        <Link href={auditHref(search, { userId: person.id, cursor: undefined })} title={`Only events involving ${person.name}`}>
          {person.name}
        </Link>
        <span className="muted small email">{person.email}</span>
      </>
    );
  }
  if (id) return <code className="small">{id}</code>;
  return <span className="muted">{fallback}</span>;
}

export function AuditTable({ events, search }: Readonly<{ events: AuditEventDTO[]; search: AuditSearch }>) {
  return (
    <div className="table-scroll">
      <table className="admin-table audit-table">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Type</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">Address</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-type={event.type}>
              <td className="date" data-label="Time (UTC)">
                <time dateTime={event.at}>{formatUtc(event.at)}</time>
              </td>
              <td data-label="Type">
                <span className={`audit-type audit-type-${event.type}`}>
                  {isKnownAuditType(event.type) ? AUDIT_TYPE_LABELS[event.type] : event.type}
                </span>
              </td>
              <td className="person" data-label="Actor">
                <Person person={event.actor} id={event.actorId} search={search} fallback={nobody(event.type)} />
              </td>
              <td className="person" data-label="Target">
                <Person person={event.target} id={event.targetId} search={search} fallback="—" />
              </td>
              <td className="address" data-label="Address">{event.ip ?? <span className="muted">—</span>}</td>
              <td className="detail" data-label="Detail">
                {event.detail ? (
                  <dl>
                    {Object.entries(event.detail).map(([key, value]) => (
                      <div key={key}>
                        <dt>{key}</dt>
                        <dd>{formatValue(value)}</dd>
                      </div>
                    ))}
                  </dl>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
