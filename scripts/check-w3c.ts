// npx tsx scripts/check-w3c.ts <export.json> — checks a W3C export (a collection, a page or an
// annotation) against the W3C Web Annotation MUST assertions (lib/export/w3c-validate.ts): the
// collection, every page and every annotation. Prints a JSON summary; exits 1 on any failure.
// (Also how the Playwright specs validate downloads: they cannot load the checker's ESM directly.)
import fs from "node:fs";
import { checkW3cAnnotation, checkW3cCollection, checkW3cPage, type W3cAssertionFailure } from "../lib/export/w3c-validate";

type Json = Record<string, unknown>;

function main(): number {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npx tsx scripts/check-w3c.ts <export.json>");
    return 2;
  }
  const root = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
  const failures: Array<{ what: string } & W3cAssertionFailure> = [];
  const note = (what: string, result: { failures: W3cAssertionFailure[] }) => failures.push(...result.failures.map((f) => ({ what, ...f })));
  const types = ([] as unknown[]).concat(root.type);
  let pages: Json[] = [];
  if (types.includes("AnnotationCollection")) {
    note("collection", checkW3cCollection(root));
    pages = root.first ? [root.first as Json, ...((root["@included"] as Json[] | undefined) ?? [])] : [];
  } else if (types.includes("AnnotationPage")) pages = [root];
  let annotations = 0;
  for (const page of pages) {
    note(`page ${String(page.id)}`, checkW3cPage(page));
    for (const item of (page.items as Json[] | undefined) ?? []) {
      note(`annotation ${String(item.id)}`, checkW3cAnnotation(item));
      annotations++;
    }
  }
  if (types.includes("Annotation")) {
    note(`annotation ${String(root.id)}`, checkW3cAnnotation(root));
    annotations++;
  }
  console.log(JSON.stringify({ pages: pages.length, annotations, failures }, null, 2));
  return failures.length === 0 ? 0 : 1;
}

process.exit(main());
