import "server-only";
// Who has a document open right now, for the "also here" indicator, across every server process: one
// Presence row per open stream, written by the process serving that stream. The row is deleted when
// the stream closes and kept alive by a heartbeat while it is open, so the rows of a process that died
// expire after EXPIRY_MS. Each process sends its streams the document's list whenever it changes: on a
// join or leave here, on another process's change signal (lib/store/changes.ts), and on a periodic
// look that notices expiries. The rows are written without waiting for the disk (`durable: false`):
// after a power cut they would be stale anyway, and under SQLite's synchronous=FULL each join and leave
// was an fsync of its own on the event loop.
import { watchChanges } from "@/lib/store/changes";
import { write } from "@/lib/store/transaction";
import { deletePresence, findPresence, insertPresence, refreshPresence } from "./store";
import { emitLocal, watchedDocuments } from "./bus";

const EXPIRY_MS = 30_000;
const HEARTBEAT_MS = 10_000;
const CHECK_MS = 5_000;
const NOT_DURABLE = { durable: false } as const;

export type Viewer = { id: string; name: string };

interface PresenceState {
  /** This process's open streams: connection id → document id. */
  mine: Map<string, string>;
  /** The list last sent to this process's streams, per document (JSON). */
  sent: Map<string, string>;
  timer: NodeJS.Timeout | null;
  ticks: number;
  refreshing: Promise<void> | null;
  pending: Set<string> | "all";
}

const globalForPresence = globalThis as unknown as { apparatusPresence?: PresenceState };
const state: PresenceState = (globalForPresence.apparatusPresence ??= { mine: new Map(), sent: new Map(), timer: null, ticks: 0, refreshing: null, pending: new Set() });

function viewersOf(rows: Array<{ documentId: string; userId: string; userName: string }>, documentId: string): Viewer[] {
  const seen = new Map<string, Viewer>();
  for (const r of rows) if (r.documentId === documentId) seen.set(r.userId, { id: r.userId, name: r.userName });
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Send the current lists of these documents (of all watched ones for "all") to this process's streams when they changed. */
async function refresh(documentIds: string[], force: Set<string> = new Set()): Promise<void> {
  const watched = new Set(watchedDocuments());
  for (const id of state.sent.keys()) if (!watched.has(id)) state.sent.delete(id);
  const ids = documentIds.filter((id) => watched.has(id));
  if (ids.length === 0) return;
  const rows = await findPresence(ids, new Date());
  for (const id of ids) {
    const viewers = viewersOf(rows, id);
    const text = JSON.stringify(viewers);
    if (state.sent.get(id) === text && !force.has(id)) continue;
    state.sent.set(id, text);
    emitLocal(id, { type: "presence", payload: { viewers } });
  }
}

/** Coalesce refreshes: one query at a time, covering every document asked for meanwhile. */
function scheduleRefresh(documentIds: string[] | "all"): void {
  if (documentIds === "all" || state.pending === "all") state.pending = "all";
  else documentIds.forEach((id) => (state.pending as Set<string>).add(id));
  if (state.refreshing) return;
  state.refreshing = (async () => {
    while (state.pending === "all" || state.pending.size > 0) {
      const ids = state.pending === "all" ? watchedDocuments() : [...state.pending];
      state.pending = new Set();
      await refresh(ids).catch((error) => console.error(`presence: ${(error as Error).message}`));
    }
    state.refreshing = null;
  })();
}

function ensureTimer() {
  if (state.timer) return;
  watchChanges((signal) => {
    if (signal === null) scheduleRefresh("all");
    else if (signal.kind === "presence") scheduleRefresh([signal.documentId]);
  });
  state.timer = setInterval(() => {
    state.ticks++;
    if (state.mine.size > 0 && state.ticks % Math.round(HEARTBEAT_MS / CHECK_MS) === 0) {
      const now = Date.now();
      const ids = [...state.mine.keys()];
      write((tx) => refreshPresence(tx, ids, new Date(now + EXPIRY_MS), new Date(now)), NOT_DURABLE).catch((error) =>
        console.error(`presence heartbeat: ${(error as Error).message}`),
      );
    }
    scheduleRefresh("all");
  }, CHECK_MS);
  state.timer.unref();
}

/** A stream opened: record it and send the document's list to this process's streams (the new one included). */
export async function join(documentId: string, connectionId: string, user: Viewer): Promise<void> {
  ensureTimer();
  state.mine.set(connectionId, documentId);
  const row = { id: connectionId, documentId, userId: user.id, userName: user.name, expiresAt: new Date(Date.now() + EXPIRY_MS) };
  await write((tx) => insertPresence(tx, row), NOT_DURABLE);
  await refresh([documentId], new Set([documentId]));
}

/** A stream closed: its row goes, and everyone's lists follow. */
export async function leave(connectionId: string): Promise<void> {
  const documentId = state.mine.get(connectionId);
  if (documentId === undefined) return;
  state.mine.delete(connectionId);
  await write((tx) => deletePresence(tx, connectionId), NOT_DURABLE);
  scheduleRefresh([documentId]);
}
