// What a script that sends a malformed body is told: the field and what it takes, not zod's "Invalid input".
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { replySchema, replyUpdateSchema, rulingSchema } from "./schemas";

/** The error's message as the API gives it (lib/http/api.ts describeZodError): "path: message; …". */
const told = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
};

describe("reply and ruling bodies", () => {
  it("a reply without a body, or with a number for one, names body and what it takes", () => {
    for (const input of [{}, { body: 5 }, { body: null }]) {
      expect(told(replySchema, input)).toBe("body: body is required: the reply, as text or rich text (Tiptap JSON).");
      expect(told(replyUpdateSchema, input)).toBe("body: body is required: the reply, as text or rich text (Tiptap JSON).");
    }
    expect(told(replySchema, { body: "x".repeat(20_001) })).toBe("body: A reply can have at most 20,000 characters.");
  });

  it("a ruling without a rationale is told so", () => {
    expect(told(rulingSchema, { classification: "sourced" })).toBe("rationale: rationale is required: the reasons for the ruling, as text or rich text.");
  });
});
