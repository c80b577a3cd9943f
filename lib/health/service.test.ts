// GET /api/health's check, on the engine of the run (both legs of npm test): the database answers.
import { describe, expect, it } from "vitest";
import { checkHealth } from "./service";

describe("the health check", () => {
  it("is ok while the database answers", async () => {
    expect(await checkHealth()).toEqual({ status: "ok" });
  });
});
