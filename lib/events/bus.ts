import "server-only";
// Live updates: after a change commits (its event stored by lib/events/store.ts), it is pushed to the
// streams open in this process. Ephemeral events (presence) are not stored.
import { EventEmitter } from "node:events";
import type { DocumentEventType, LiveEvent } from "./types";

export type { DocumentEventType, LiveEvent } from "./types";

const globalForBus = globalThis as unknown as { apparatusBus?: EventEmitter };
const emitter = globalForBus.apparatusBus ?? new EventEmitter();
emitter.setMaxListeners(0);
globalForBus.apparatusBus = emitter;

export function publish(event: LiveEvent): void {
  emitter.emit(`doc:${event.documentId}`, event);
}

export function publishEphemeral(documentId: string, type: DocumentEventType, payload: unknown): void {
  emitter.emit(`doc:${documentId}`, { id: 0, documentId, type, payload } satisfies LiveEvent);
}

export function subscribe(documentId: string, listener: (event: LiveEvent) => void): () => void {
  emitter.on(`doc:${documentId}`, listener);
  return () => emitter.off(`doc:${documentId}`, listener);
}
