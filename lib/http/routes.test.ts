import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every API route answers every method itself: a method it does not take gets otherMethods()'s JSON 405
// with Allow (Next's own is empty, without Allow), and OPTIONS lists what it takes.
const API = path.join(process.cwd(), "app", "api");
const ALL = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"];

function routes(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routes(full) : e.name === "route.ts" ? [full] : [];
  });
}

function exportedMethods(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) names.add(m[1]);
  for (const m of source.matchAll(/export (?:const )?\{([^}]*)\}/g)) {
    for (const n of m[1].matchAll(/\b(?:as\s+)?(GET|POST|PUT|PATCH|DELETE|OPTIONS)\b\s*(?=,|$)/g)) names.add(n[1]);
  }
  return [...names].sort();
}

describe("API routes", () => {
  const files = routes(API);
  it("are found", () => expect(files.length).toBeGreaterThan(30));
  for (const file of files) {
    it(`${path.relative(API, file)} answers every method itself`, () => {
      expect(exportedMethods(fs.readFileSync(file, "utf8"))).toEqual(ALL);
    });
  }
});
