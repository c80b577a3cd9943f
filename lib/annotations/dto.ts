import "server-only";
// Annotation records as the API sends them: the people they name looked up in one query. Shared by the
// annotation services and the live events' replay (lib/events/service.ts), which must not depend on the
// annotation service itself (that publishes to the event bus, which replays through the events service).
import { findPeople } from "@/lib/users/store";
import { peopleOf, toAnnotationDTO, type AnnotationRecord, type PeopleLookup } from "./record";
import type { AnyAnnotationDTO } from "./types";

/** A people lookup for these records (one query for everyone they name, cached briefly by the people store). */
export async function peopleFor(annotations: Iterable<AnnotationRecord>, extra: Iterable<string> = []): Promise<PeopleLookup> {
  const ids = peopleOf(annotations);
  for (const id of extra) ids.add(id);
  const people = await findPeople(ids);
  return (id) => people.get(id);
}

export async function toDTOs(records: AnnotationRecord[]): Promise<AnyAnnotationDTO[]> {
  const people = await peopleFor(records);
  return records.map((r) => toAnnotationDTO(r, people));
}

export async function toDTO(record: AnnotationRecord): Promise<AnyAnnotationDTO> {
  return (await toDTOs([record]))[0];
}
