import { describe, expect, it, vi } from "vitest";
import { storedTime, storedTimeAfter, toIso } from "./time";

describe("storedTimeAfter", () => {
  it("is now when the clock has passed the previous time, or no previous time", () => {
    vi.useFakeTimers({ now: new Date("2026-12-06T10:00:00.500Z") });
    try {
      expect(storedTimeAfter("2026-12-06T10:00:00.100Z")).toBe(storedTime());
      expect(storedTimeAfter(null)).toBe("2026-12-06T10:00:00.500+00:00");
      expect(storedTimeAfter(undefined)).toBe("2026-12-06T10:00:00.500+00:00");
    } finally {
      vi.useRealTimers();
    }
  });

  it("is a millisecond after the previous time when the clock has not passed it (same millisecond, or behind)", () => {
    vi.useFakeTimers({ now: new Date("2026-12-06T10:00:00.500Z") });
    try {
      expect(toIso(storedTimeAfter("2026-12-06T10:00:00.500Z"))).toBe("2026-12-06T10:00:00.501Z");
      expect(toIso(storedTimeAfter("2026-12-06T10:00:02.000Z"))).toBe("2026-12-06T10:00:02.001Z");
    } finally {
      vi.useRealTimers();
    }
  });
});
