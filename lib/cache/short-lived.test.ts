import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ShortLived } from "./short-lived";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("ShortLived", () => {
  it("answers from the cache within its time, and loads again after a clear", async () => {
    const cache = new ShortLived<string>(60_000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.get("k", load)).toBe("v1");
    expect(await cache.get("k", load)).toBe("v1");
    cache.clear();
    expect(await cache.get("k", load)).toBe("v2");
  });

  it("does not keep an answer that was loading when the cache was cleared (read before the change)", async () => {
    const cache = new ShortLived<string>(60_000);
    const stale = deferred<string>();
    const pending = cache.get("session", () => stale.promise);
    cache.clear(); // e.g. the session was deleted while its check was reading the row
    stale.resolve("valid");
    expect(await pending).toBe("valid"); // the request already in flight gets what it read
    expect(await cache.get("session", async () => "ended")).toBe("ended");
  });

  it("expires answers after its time", async () => {
    const cache = new ShortLived<number>(1);
    let loads = 0;
    await cache.get("k", async () => ++loads);
    await new Promise((r) => setTimeout(r, 5));
    expect(await cache.get("k", async () => ++loads)).toBe(2);
  });

  describe("past half its time", () => {
    // Only the clock is faked (Date.now), at set points; promises and timers run as they do.
    let now = 1_000_000;
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(now);
    });
    afterEach(() => vi.useRealTimers());
    const later = (ms: number) => vi.setSystemTime((now += ms));
    const settle = () => new Promise((r) => setTimeout(r, 0));

    it("gives the answer at once and reads it again in the background, once", async () => {
      const cache = new ShortLived<string>(1_000);
      expect(await cache.get("k", async () => "v1")).toBe("v1");
      later(499);
      expect(await cache.get("k", async () => "never")).toBe("v1"); // before half its time: no read
      later(1);
      const fresh = deferred<string>();
      let loads = 0;
      const load = () => (loads++, fresh.promise);
      expect(await cache.get("k", load)).toBe("v1"); // not waiting for the read
      expect(await cache.get("k", load)).toBe("v1");
      expect(loads).toBe(1);
      fresh.resolve("v2");
      await settle();
      expect(await cache.get("k", async () => "v3")).toBe("v2");
      // The new answer counts from its read's start: at 1,000 ms after it, it is read again, awaited.
      later(999);
      expect(await cache.get("k", async () => "v4")).toBe("v2");
      await settle();
      later(1_000);
      expect(await cache.get("k", async () => "v5")).toBe("v5");
    });

    it("does not keep a background read that was running when the cache was cleared", async () => {
      const cache = new ShortLived<string>(1_000);
      await cache.get("session", async () => "valid");
      later(600);
      const stale = deferred<string>();
      expect(await cache.get("session", () => stale.promise)).toBe("valid");
      cache.clear(); // signed out while the background read was reading the row
      stale.resolve("valid");
      await settle();
      expect(await cache.get("session", async () => "ended")).toBe("ended");
    });

    it("a failed background read leaves the answer to expire; the load after it is awaited", async () => {
      const cache = new ShortLived<string>(1_000);
      await cache.get("k", async () => "v1");
      later(600);
      expect(await cache.get("k", () => Promise.reject(new Error("database gone")))).toBe("v1");
      await settle();
      later(400);
      await expect(cache.get("k", () => Promise.reject(new Error("still gone")))).rejects.toThrow("still gone");
    });
  });
});
