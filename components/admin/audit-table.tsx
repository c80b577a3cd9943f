import Link from "next/link";
import { AUDIT_TYPE_LABELS, auditHref, isKnownAuditType, type AuditSearch } from "@/lib/audit/schemas";
import { describeDetail, describeTarget, type AuditThing } from "@/lib/audit/describe";
import type { AuditEventDTO, AuditPerson } from "@/lib/audit/types";

import { EmailAddress } from "@/components/layout/email-address";
// Times in UTC, like the date filters: the server renders the page and does not know the reader's zone.
export const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

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
        <span className="muted small email">
          <EmailAddress email={person.email} />
        </span>
      </>
    );
  }
  if (id) return <Thing thing={{ kind: "person", id, label: "A user no longer stored", href: null }} />;
  return <span className="muted">{fallback}</span>;
}

/** A document, an annotation (or a user gone since), named, linked while it exists; its id only on hover. */
function Thing({ thing }: Readonly<{ thing: AuditThing }>) {
  const title = `${thing.kind === "person" ? "User" : thing.kind === "document" ? "Document" : "Annotation"} id ${thing.id}`;
  return (
    <>
      {thing.href ? (
        <Link href={thing.href} title={title}>
          {thing.label}
        </Link>
      ) : (
        <span title={title} className={thing.note ? undefined : "muted"}>
          {thing.label}
        </span>
      )}
      {thing.note && <span className="muted small note">{thing.note}</span>}
    </>
  );
}

function Target({ event, search }: Readonly<{ event: AuditEventDTO; search: AuditSearch }>) {
  // A person keeps the filter link; documents and annotations link to where they are.
  if (event.target) return <Person person={event.target} id={event.targetId} search={search} fallback="—" />;
  const thing = describeTarget(event);
  return thing ? <Thing thing={thing} /> : <span className="muted">—</span>;
}

function Detail({ event }: Readonly<{ event: AuditEventDTO }>) {
  const lines = describeDetail(event);
  if (lines.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="audit-detail">
      {lines.map((line, i) => (
        <li key={i}>
          {line.label && <span className="muted">{line.label}: </span>}
          {line.thing ? <Thing thing={line.thing} /> : line.text}
        </li>
      ))}
    </ul>
  );
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
                <Target event={event} search={search} />
              </td>
              <td className="address" data-label="Address">{event.ip ?? <span className="muted">—</span>}</td>
              <td className="detail" data-label="Detail">
                <Detail event={event} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
