import "server-only";
// Who has a document open right now (one entry per open stream), for the "also here" indicator.
import { publishEphemeral } from "./bus";

const open = new Map<string, Map<string, { id: string; name: string }>>();

export function presenceList(documentId: string): Array<{ id: string; name: string }> {
  const seen = new Map<string, { id: string; name: string }>();
  for (const user of open.get(documentId)?.values() ?? []) seen.set(user.id, user);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function join(documentId: string, connectionId: string, user: { id: string; name: string }): void {
  if (!open.has(documentId)) open.set(documentId, new Map());
  open.get(documentId)!.set(connectionId, user);
  publishEphemeral(documentId, "presence", { viewers: presenceList(documentId) });
}

export function leave(documentId: string, connectionId: string): void {
  const conns = open.get(documentId);
  if (!conns?.delete(connectionId)) return;
  if (conns.size === 0) open.delete(documentId);
  publishEphemeral(documentId, "presence", { viewers: presenceList(documentId) });
}
