import { describe, expect, it } from "vitest";
import { mergeThread } from "./reply-thread";
import type { ReplyDTO } from "./types";

const reply = (id: string, createdAt: string, updatedAt = createdAt, text = id): ReplyDTO => ({
  id,
  annotationId: "a1",
  body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] },
  bodyText: text,
  author: { id: "u1", name: "Rosa" },
  createdAt,
  updatedAt,
});

describe("mergeThread", () => {
  it("keeps a reply sent while the list loaded, when the list was read before it", () => {
    const sent = reply("r2", "2026-01-01T10:00:05.000Z");
    expect(mergeThread([reply("r1", "2026-01-01T10:00:00.000Z")], new Map([["r2", sent]])).map((r) => r.id)).toEqual(["r1", "r2"]);
  });

  it("counts a reply once when the list already has it", () => {
    const r2 = reply("r2", "2026-01-01T10:00:05.000Z");
    expect(mergeThread([r2], new Map([["r2", r2]]))).toEqual([r2]);
  });

  it("keeps the newer of two states of a reply, whichever side has it", () => {
    const old = reply("r1", "2026-01-01T10:00:00.000Z", "2026-01-01T10:00:00.000Z", "first");
    const edited = reply("r1", "2026-01-01T10:00:00.000Z", "2026-01-01T10:01:00.000Z", "edited");
    expect(mergeThread([old], new Map([["r1", edited]]))[0].bodyText).toBe("edited");
    expect(mergeThread([edited], new Map([["r1", old]]))[0].bodyText).toBe("edited");
  });

  it("drops a reply deleted while the list loaded, and orders by creation", () => {
    const list = [reply("r1", "2026-01-01T10:00:00.000Z"), reply("r3", "2026-01-01T10:00:09.000Z")];
    const merged = mergeThread(list, new Map<string, ReplyDTO | null>([["r1", null], ["r2", reply("r2", "2026-01-01T10:00:05.000Z")]]));
    expect(merged.map((r) => r.id)).toEqual(["r2", "r3"]);
  });

  it("returns the list as loaded when nothing changed", () => {
    const list = [reply("r1", "2026-01-01T10:00:00.000Z")];
    expect(mergeThread(list, undefined)).toEqual(list);
    expect(mergeThread(list, new Map())).toEqual(list);
  });
});
