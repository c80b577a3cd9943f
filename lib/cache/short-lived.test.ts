import { describe, expect, it } from "vitest";
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
});
