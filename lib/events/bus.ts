import "server-only";
// Live updates, across every process serving the database. The event log (DocumentEvent, appended in
// the transaction of each change) is the one source: a stream is a cursor over its document's log, and
// what it delivers is what the log resolves to through the events service (the current state of what
// each event names). What travels between processes is only a wake-up (lib/store/changes.ts):
// PostgreSQL NOTIFY naming the document, or SQLite's data_version moving. Each wake-up reads a
// document's new events once for all its streams here. A change committed in this process reaches its
// own streams at once (publish): as the write produced it when every stream is at the event before it,
// which is what the log would give them (reading it back cost each delivery ~2 ms), else from the log.
// Neither engine wakes a process for its own commits (lib/store/changes.ts).
//
// Ephemeral events (presence, lib/events/presence.ts) are not stored; emitLocal hands them to this
// process's streams of a document.
import { signalsNameDocuments, watchChanges, type ChangeSignal } from "@/lib/store/changes";
import { documentsWithEventsAfter, maxEventId } from "./store";
import { findEventsSince } from "./service";
import type { CommittedEvent, DocumentEventType, LiveEvent } from "./types";

export type { CommittedEvent, DocumentEventType, LiveEvent } from "./types";

interface Subscriber {
  /** The last event id this stream has been given (or skipped). */
  lastId: number;
  listener: (event: LiveEvent) => void;
}

interface Watched {
  subscribers: Set<Subscriber>;
  running: Promise<void> | null;
  again: boolean;
}

interface Bus {
  documents: Map<string, Watched>;
  /** SQLite: the newest event id (of any document) a wake-up has looked at. */
  seen: number;
  started: Promise<void> | null;
  /** Watching, and (SQLite) `seen` is set. */
  ready: boolean;
  waking: Promise<void> | null;
  wakeAgain: boolean;
}

const globalForBus = globalThis as unknown as { apparatusBus?: Bus };
const bus: Bus = (globalForBus.apparatusBus ??= { documents: new Map(), seen: 0, started: null, ready: false, waking: null, wakeAgain: false });

/** Documents with streams open in this process. */
export function watchedDocuments(): string[] {
  return [...bus.documents.keys()];
}

/**
 * A change to this document committed in this process (the event appendEvent returned): its streams
 * here get it now (other processes' are woken by the database).
 */
export function publish(event: CommittedEvent): void {
  const watched = bus.documents.get(event.documentId);
  if (!watched || handOver(watched, event)) return;
  void read(event.documentId);
}

function read(documentId: string): Promise<void> {
  return deliver(documentId).catch((error) => console.error(`live events of ${documentId}: ${(error as Error).message}`));
}

/**
 * The database's word that another process committed events of the document. SQLite's cursor says up
 * to which id (`newest`): streams that have been given that already (this process's own events, which
 * the cursor passes again after another process's commit) read nothing. Otherwise the log is read.
 */
function wake(documentId: string, newest?: number): void {
  const watched = bus.documents.get(documentId);
  if (!watched) return;
  if (newest !== undefined && !watched.running && allHave(watched, newest)) return;
  void read(documentId);
}

/** Every stream of the document here has been given (or skipped) the events up to `id`. */
function allHave(watched: Watched, id: number): boolean {
  for (const s of watched.subscribers) if (s.lastId < id) return false;
  return true;
}

/**
 * Events whose payload, as the write produced it, is what the log resolves the event to at its commit
 * (lib/events/service.ts; bus.test.ts compares the two for each). A document's version and deletion
 * are delivered in another form, so they are read from the log.
 */
const AS_WRITTEN: ReadonlySet<DocumentEventType> = new Set([
  "annotation.created",
  "annotation.updated",
  "annotation.deleted",
  "annotation.restored",
  "reply.created",
  "reply.updated",
  "reply.deleted",
]);

/**
 * Hands a committed event to the document's streams as it is, when that is what reading the log would
 * give each of them: none has an event to catch up on before it (each was given everything up to
 * `previousId`, the document's event before this one) and no read of the log is under way. False when
 * the log must be read instead (a stream behind, an event committed elsewhere in between, a kind the
 * log delivers in another form).
 */
function handOver(watched: Watched, event: CommittedEvent): boolean {
  if (watched.running || !AS_WRITTEN.has(event.type)) return false;
  if (!allHave(watched, event.previousId)) return false;
  const live: LiveEvent = { id: event.id, documentId: event.documentId, type: event.type, payload: event.payload };
  for (const s of watched.subscribers) {
    if (live.id <= s.lastId) continue;
    s.lastId = live.id;
    s.listener(live);
  }
  return true;
}

/** An event that is not stored (presence) to this process's streams of the document. */
export function emitLocal(documentId: string, event: Omit<LiveEvent, "id" | "documentId">): void {
  for (const s of bus.documents.get(documentId)?.subscribers ?? []) s.listener({ id: 0, documentId, ...event });
}

/**
 * Follow a document's log after `afterId`: `listener` gets every stored event after it in order, each
 * once, then every later one as it commits anywhere. Resolves once the events stored so far were
 * delivered, with the last id delivered (a page that starts now resumes from it).
 */
export async function subscribe(documentId: string, afterId: number, listener: (event: LiveEvent) => void): Promise<{ lastId: number; unsubscribe: () => void }> {
  await startWatching();
  let watched = bus.documents.get(documentId);
  if (!watched) bus.documents.set(documentId, (watched = { subscribers: new Set(), running: null, again: false }));
  const subscriber: Subscriber = { lastId: afterId, listener };
  watched.subscribers.add(subscriber);
  const unsubscribe = () => {
    const w = bus.documents.get(documentId);
    if (!w) return;
    w.subscribers.delete(subscriber);
    if (w.subscribers.size === 0 && !w.running) bus.documents.delete(documentId);
  };
  try {
    await deliver(documentId);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return { lastId: subscriber.lastId, unsubscribe };
}

/** Read the document's new events once for all its streams here and hand each stream what it lacks. */
function deliver(documentId: string): Promise<void> {
  const watched = bus.documents.get(documentId);
  if (!watched) return Promise.resolve();
  if (watched.running) {
    watched.again = true;
    return watched.running;
  }
  const run = async () => {
    try {
      do {
        watched.again = false;
        for (let more = true; more && watched.subscribers.size > 0; ) {
          // Only the streams known now: one that joins during the read gets its turn in the next round.
          const targets = [...watched.subscribers];
          const from = Math.min(...targets.map((s) => s.lastId));
          const page = await findEventsSince(documentId, from, 1000);
          for (const s of targets) {
            if (!watched.subscribers.has(s)) continue;
            for (const event of page.events) {
              if (event.id <= s.lastId) continue;
              s.lastId = event.id;
              s.listener(event);
            }
            s.lastId = Math.max(s.lastId, page.lastId);
          }
          more = page.more;
        }
      } while (watched.again);
    } finally {
      watched.running = null;
      if (watched.subscribers.size === 0 && bus.documents.get(documentId) === watched) bus.documents.delete(documentId);
    }
  };
  watched.running = run();
  return watched.running;
}

/** Start following other processes' changes (once per process, on the first stream). */
function startWatching(): Promise<void> {
  bus.started ??= (async () => {
    // Watch first, then read where the log ends: a commit in between is seen twice at worst, never missed.
    watchChanges(onSignal);
    if (!signalsNameDocuments) bus.seen = await maxEventId();
    bus.ready = true;
  })().catch((error) => {
    bus.started = null;
    throw error;
  });
  return bus.started;
}

function onSignal(signal: ChangeSignal) {
  // Before `seen` is read, a subscriber's own first read covers everything committed so far.
  if (!bus.ready || signal?.kind === "presence") return;
  if (signal) return wake(signal.documentId);
  // Anything may have changed: on SQLite, the documents with new events since the last look; on
  // PostgreSQL (a listener that reconnected), every document watched here.
  if (bus.waking) {
    bus.wakeAgain = true;
    return;
  }
  bus.waking = (async () => {
    do {
      bus.wakeAgain = false;
      try {
        if (!signalsNameDocuments) {
          for (let more = true; more; ) {
            const page = await documentsWithEventsAfter(bus.seen);
            bus.seen = page.lastId;
            more = page.more;
            for (const { id, newest } of page.documents) wake(id, newest);
          }
        } else {
          for (const id of bus.documents.keys()) void read(id);
        }
      } catch (error) {
        console.error(`live events: ${(error as Error).message}`);
      }
    } while (bus.wakeAgain);
    bus.waking = null;
  })();
}
