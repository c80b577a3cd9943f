import "server-only";
// The admins' reader of the audit log (lib/audit): one page of events, filtered, with what each names
// (people, documents, annotations) looked up once per kind for the page. It reads the other domains'
// stores, so it sits above them, apart from the audit module every service records through.
import { findPeople, findPeopleDirectory } from "@/lib/users/store";
import { findDocumentRecords } from "@/lib/documents/store";
import { findLiveAnnotationHeads } from "@/lib/annotations/store";
import { findAuditEvents } from "@/lib/audit/store";
import { AUDIT_PAGE_SIZE, type AuditCursor, type AuditType } from "@/lib/audit/schemas";
import { ANNOTATION_TARGETS, DOCUMENT_TARGETS } from "@/lib/audit/describe";
import type { AuditAnnotationRef, AuditDocumentRef, AuditEventDTO, AuditPage, AuditPerson } from "@/lib/audit/types";

function parseDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: detail };
  }
}


const idIn = (detail: Record<string, unknown> | null, key: string): string | null => {
  const value = detail?.[key];
  return typeof value === "string" && value.length > 0 && value.length <= 100 ? value : null;
};

/** The ids an event names, by kind: its actor and target, and those in its detail. */
function namedIds(r: { type: string; actorId: string | null; targetId: string | null }, detail: Record<string, unknown> | null) {
  const people: string[] = [];
  const documents: string[] = [];
  const annotations: string[] = [];
  if (r.actorId) people.push(r.actorId);
  if (r.targetId) {
    if (DOCUMENT_TARGETS.has(r.type)) documents.push(r.targetId);
    else if (ANNOTATION_TARGETS.has(r.type)) annotations.push(r.targetId);
    else people.push(r.targetId);
  }
  const ruledBy = idIn(detail, "ruledBy");
  if (ruledBy) people.push(ruledBy);
  const documentId = idIn(detail, "documentId");
  if (documentId) documents.push(documentId);
  const annotationId = idIn(detail, "annotationId");
  if (annotationId) annotations.push(annotationId);
  return { people, documents, annotations };
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

  // What the page's ids name: one lookup per kind for the whole page.
  const read = page.map((r) => {
    const detail = parseDetail(r.detail);
    return { r, detail, named: namedIds(r, detail) };
  });
  const all = (kind: "people" | "documents" | "annotations") => [...new Set(read.flatMap((x) => x.named[kind]))];
  const [foundPeople, foundDocuments, foundAnnotations] = await Promise.all([
    findPeople(all("people")),
    findDocumentRecords(all("documents")),
    findLiveAnnotationHeads(all("annotations")),
  ]);
  const people = new Map<string, AuditPerson>([...foundPeople].map(([id, p]) => [id, { id, name: p.name, email: p.email }]));
  const documents = new Map<string, AuditDocumentRef>(foundDocuments.map((d) => [d.id, { id: d.id, title: d.title, live: !d.deletedAt }]));
  const annotations = new Map<string, AuditAnnotationRef>(foundAnnotations.map((a) => [a.id, { id: a.id, documentId: a.documentId, quote: a.quote }]));
  const pick = <T>(map: Map<string, T>, ids: string[]): T[] => [...new Set(ids)].flatMap((id) => (map.has(id) ? [map.get(id)!] : []));
  const personTarget = (r: { type: string; targetId: string | null }) => !DOCUMENT_TARGETS.has(r.type) && !ANNOTATION_TARGETS.has(r.type);

  return {
    events: read.map(({ r, detail, named }): AuditEventDTO => ({
      id: r.id,
      at: r.at.toISOString(),
      type: r.type,
      actorId: r.actorId,
      targetId: r.targetId,
      actor: (r.actorId && people.get(r.actorId)) || null,
      target: (r.targetId && personTarget(r) && people.get(r.targetId)) || null,
      ip: r.ip,
      detail,
      refs: { documents: pick(documents, named.documents), annotations: pick(annotations, named.annotations), people: pick(people, named.people) },
    })),
    nextCursor: hasOlder ? `before.${page[page.length - 1].id}` : null,
    prevCursor: hasNewer ? `after.${page[0].id}` : null,
  };
}

/** Everyone who may appear in the log, for the person filter. */
export async function listAuditPeople(): Promise<AuditPerson[]> {
  return findPeopleDirectory();
}

