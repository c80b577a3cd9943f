import type { APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";

export interface StreamEvent {
  id: number | null;
  type: string;
  payload: unknown;
}

/**
 * A document's live stream (GET /api/documents/[id]/events) read as the person the API client is signed
 * in as, from now on: resolves once the server says "ready". `next` waits for the first event (after
 * those already taken) that matches, until a deadline.
 */
export async function openEventStream(api: APIRequestContext, documentId: string) {
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const controller = new AbortController();
  const res = await fetch(new URL(`/api/documents/${documentId}/events`, E2E_BASE_URL), { headers: { cookie }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`event stream: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: StreamEvent[] = [];
  let buffer = "";
  let ready = false;
  let wake: () => void = () => {};
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          if (field("event") === "ready") ready = true;
          const data = field("data");
          if (data && !field("event")) {
            const { type, payload } = JSON.parse(data) as { type: string; payload: unknown };
            const id = field("id");
            events.push({ id: id ? Number(id) : null, type, payload });
          }
          wake();
        }
      }
    } catch {
      // aborted
    }
  })();
  const until = async (check: () => boolean, deadline: number, what: string) => {
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`event stream: no ${what} in time`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  };
  await until(() => ready, Date.now() + 10_000, "ready");
  let taken = 0;
  return {
    /** The first event after the ones already taken that matches, before `deadline` (epoch ms). */
    async next(match: (e: StreamEvent) => boolean, deadline: number): Promise<StreamEvent> {
      let found: StreamEvent | undefined;
      await until(
        () => {
          for (; taken < events.length; taken++) {
            if (match(events[taken])) {
              found = events[taken++];
              return true;
            }
          }
          return false;
        },
        deadline,
        "matching event",
      );
      return found!;
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
