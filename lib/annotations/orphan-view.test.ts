// The reader's list of orphaned annotations (components/reader/use-orphans.ts) on the real API's query and
// service (the route, less HTTP and sign-in): what it shows as still to fetch stays the true count through a
// burst of live changes, however late React applies them.
import crypto from "node:crypto";
import { JSDOM } from "jsdom";
import { act, createElement } from "react";
import type { Root } from "react-dom/client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useOrphanView } from "@/components/reader/use-orphans";
import { db } from "@/lib/testing/db";
import { makeDocument, makeUser, orphanRows } from "@/lib/testing/factories";
import type { CurrentUser } from "@/lib/auth/roles";
import { answerAnnotationQuery } from "./anchoring";
import { annotationListQuerySchema } from "./schemas";
import { ORPHAN_PAGE, type OrphanedAnnotationDTO, type OrphanPageDTO } from "./types";

// A browser's window for React DOM, set up here rather than by Vitest's jsdom environment: that one compiles
// the imported modules for the browser, and the services' extraction worker (imported with them) cannot be.
const { window } = new JSDOM("<!doctype html><html><body></body></html>", { url: "http://localhost/" });
for (const [name, value] of Object.entries({ window, document: window.document, navigator: window.navigator, IS_REACT_ACT_ENVIRONMENT: true })) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}
const { createRoot } = await import("react-dom/client");
afterAll(() => {
  for (const name of ["window", "document", "navigator", "IS_REACT_ACT_ENVIRONMENT"]) Reflect.deleteProperty(globalThis, name);
  window.close();
});

let rosa: CurrentUser;
let victor: CurrentUser;
beforeAll(async () => {
  [rosa, victor] = [await makeUser("reviewer", "Rosa"), await makeUser("reviewer", "Victor")];
});

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  // The browser's fetch of GET /api/documents/[id]/annotations, answered by the route's own query parsing and service.
  vi.stubGlobal("fetch", async (url: string) => {
    const { pathname, searchParams } = new URL(url, "http://localhost");
    const documentId = decodeURIComponent(pathname.split("/")[3]);
    const query = annotationListQuerySchema.parse(Object.fromEntries(searchParams));
    return Response.json(await answerAnnotationQuery({ documentId, query }));
  });
});
afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

const settle = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

describe("the reader's orphaned annotations", () => {
  it("counts out of the rest every one a burst of live changes lists apart, also those React applies after the recount was asked for", async () => {
    // The recount read those listed apart when its timer fired; one whose change React had not rendered yet
    // was counted both on screen and in the rest, for good (CI: "Show 49 more", 10 true; "Annotations (530)", 529 true).
    const doc = await makeDocument(`Orphans in a burst ${crypto.randomUUID()}`);
    const N = ORPHAN_PAGE + 20;
    await db.annotation.createMany({ data: orphanRows({ prefix: "burst", documentId: doc.id, count: N, at: Date.UTC(2026, 0, 5), authors: [victor, rosa] }, () => ({ anchorDetail: JSON.stringify({ previousQuote: "gone" }) })) });
    const ask = async (params: Record<string, string>) => answerAnnotationQuery({ documentId: doc.id, query: annotationListQuerySchema.parse(params) });
    const first = (await ask({ anchor: "orphaned", limit: String(ORPHAN_PAGE) })) as OrphanPageDTO;
    expect(first.rest.count).toBe(20);
    // Three not fetched yet change live (a note edited, say), one after the other.
    const rows = (await db.annotation.findMany({ where: { documentId: doc.id }, orderBy: { start: "asc" }, select: { id: true } })).slice(ORPHAN_PAGE + 5, ORPHAN_PAGE + 8);
    const changed = ((await ask({ ids: rows.map((r) => r.id).join(",") })) as { annotations: OrphanedAnnotationDTO[] }).annotations;
    expect(changed).toHaveLength(3);

    let view: ReturnType<typeof useOrphanView> | null = null;
    function Probe() {
      view = useOrphanView({ documentId: doc.id, filter: null, initial: first, active: true });
      return null;
    }
    await act(async () => root.render(createElement(Probe)));
    expect(view!.view.rest.count).toBe(20);

    // The changes come while React is busy: the first is applied at once, the later ones only at its next
    // render, which here comes after the recount's timer has fired (inside act, React renders at its end).
    await act(async () => {
      for (const a of changed) view!.upsert(a);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    // Each is listed once, and no longer in the rest: 20 − 3.
    for (let i = 0; i < 20 && view!.view.rest.count !== 17; i++) await settle(100);
    await settle(200);
    expect(view!.view.annotations.filter((a) => changed.some((c) => c.id === a.id))).toHaveLength(3);
    expect(view!.view.rest.count).toBe(17);
  });
});
