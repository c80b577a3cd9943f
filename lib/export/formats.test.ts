import { describe, expect, it } from "vitest";
import { newId } from "@/lib/store/ids";
import { isDateTime } from "./formats";

describe("isDateTime (RFC 3339)", () => {
  it("takes the canonical UTC form only for days that exist", () => {
    expect(isDateTime("2024-05-01T10:00:00.000Z")).toBe(true);
    expect(isDateTime("2024-02-29T23:59:59.999Z")).toBe(true); // a leap year
    expect(isDateTime("2023-02-29T00:00:00.000Z")).toBe(false);
    expect(isDateTime("1900-02-29T00:00:00.000Z")).toBe(false); // a century that is not a leap year
    expect(isDateTime("2000-02-29T00:00:00.000Z")).toBe(true);
    expect(isDateTime("2024-04-31T00:00:00.000Z")).toBe(false);
    expect(isDateTime("2024-12-31T00:00:00.000Z")).toBe(true);
  });

  it("takes the other RFC 3339 forms and refuses what is not one", () => {
    expect(isDateTime("2024-05-01t10:00:00+02:00")).toBe(true);
    expect(isDateTime("2024-05-01T10:00:60Z")).toBe(true); // a leap second
    expect(isDateTime("2024-05-01T10:00:00.123456-11:30")).toBe(true);
    expect(isDateTime("2024-05-01T24:00:00Z")).toBe(false);
    expect(isDateTime("2024-13-01T10:00:00.000Z")).toBe(false);
    expect(isDateTime("2024-05-01T10:00:00.000+24:00")).toBe(false);
    expect(isDateTime("2024-05-01 10:00:00Z")).toBe(false);
    expect(isDateTime("2024-05-01T10:00:00.000")).toBe(false);
    expect(isDateTime("")).toBe(false);
  });
});

describe("newId", () => {
  it("makes distinct ids of one shape, past the refill of its random pool", () => {
    const ids = Array.from({ length: 5_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]+[0-9a-f]{16}$/);
    // the random parts differ too (not only the counter)
    expect(new Set(ids.map((id) => id.slice(-16))).size).toBe(ids.length);
  });
});
