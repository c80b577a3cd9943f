// `npm start` and `npm test` build again only when a source of the build changed (scripts/lib/steps.mjs
// buildStatus): a file Next compiles into the server that is not among those sources is served from a
// stale build after a change to it (instrumentation.ts was: its change ran the old one).
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
// @ts-expect-error: a plain ES module of the start and test scripts, without types
import { BUILD_SOURCES } from "./steps.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");

test("every file at the root that next build compiles or reads is a source of the build", () => {
  // Next's own files at a project's root: its config, the proxy (middleware), the instrumentation.
  const nextFiles = fs.readdirSync(root).filter((name) => /^(?:next\.config|proxy|middleware|instrumentation(?:-client)?)\.(?:[cm]?js|ts)$/.test(name));
  expect(nextFiles).toContain("instrumentation.ts");
  for (const name of nextFiles) expect(BUILD_SOURCES, name).toContain(name);
});
