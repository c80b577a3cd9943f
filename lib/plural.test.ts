import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("uses the singular for exactly one, the plural for none and for more", () => {
    expect(plural(0, "dispute")).toBe("0 disputes");
    expect(plural(1, "dispute")).toBe("1 dispute");
    expect(plural(2, "dispute")).toBe("2 disputes");
    expect(plural(1_234, "annotation")).toBe("1,234 annotations");
  });

  it("takes an irregular plural", () => {
    expect(plural(0, "reply", "replies")).toBe("0 replies");
    expect(plural(1, "reply", "replies")).toBe("1 reply");
    expect(plural(3, "annotation needs", "annotations need")).toBe("3 annotations need");
  });
});
