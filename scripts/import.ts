// npm run import -- <file.json | folder> [more…] [--json]
// A .json file is an export (native or W3C) to import; a folder's .json files are imported the same
// way and its .txt, .md and .html files become new documents. Prints a report per file; exits 1 when
// anything was refused or left out (unplaced annotations included), 2 on a usage error.
// package.json runs it with two V8 settings for memory. A native file is streamed
// (lib/import/json-scan.ts), so the live set stays small (~45 MB on an 86 MB file), but by default V8
// lets the old generation grow to several times its live set between full collections: with
// --heap-growing-percent=50 a full collection comes when the heap is 1.5x what survived the last one,
// which keeps the peak near the live set (measured on the 86 MB file: growth ~0.9x the file instead of
// ~2x). --max-semi-space-size=16 lets short-lived objects die young instead of being promoted, which is
// what filled the old generation. `npm run bench` measures the import with the same flags.
// A helper thread (lib/import/helper.ts) reads the annotations (JSON.parse and the format's schema)
// while the main thread writes, so the import uses a second core; its heap adds ~40 MB to the peak
// (growth ~1.3-1.5x the file with it).
import "./lib/require-existing-database";
import { databaseReadyOrExit } from "./lib/database";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { AppError } from "@/lib/errors";
import {
  DOCUMENT_FILE_EXTENSIONS,
  importDocumentFile,
  importFromPath,
  importHadProblems,
  MAX_IMPORT_BYTES,
  type DocumentFileResult,
  type ImportReport,
} from "@/lib/import/service";
import { ImportHelper } from "@/lib/import/helper";

const USAGE = "usage: npm run import -- <file.json | folder> [more files or folders] [--json]";

type Outcome =
  | { path: string; kind: "export"; ok: boolean; report: ImportReport }
  | { path: string; kind: "document"; ok: boolean; result: DocumentFileResult }
  | { path: string; kind: "error"; ok: false; error: string; details?: unknown }
  | { path: string; kind: "ignored"; ok: true; reason: string };

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const isDocumentFile = (name: string) => (DOCUMENT_FILE_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());

// The thread that reads annotations while the import writes (lib/import/helper.ts), one for all the files.
let helper: ImportHelper | null = null;

async function importOne(file: string): Promise<Outcome> {
  const ext = path.extname(file).toLowerCase();
  try {
    const size = fs.statSync(file).size;
    if (ext === ".json") {
      if (size > MAX_IMPORT_BYTES) return { path: file, kind: "error", ok: false, error: `larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB import limit` };
      helper ??= new ImportHelper();
      const report = await importFromPath({ actor: null, path: file, source: file, helper });
      return { path: file, kind: "export", ok: !importHadProblems(report), report };
    }
    if (isDocumentFile(file)) {
      const result = await importDocumentFile({ actor: null, bytes: fs.readFileSync(file), fileName: path.basename(file) });
      return { path: file, kind: "document", ok: result.status !== "refused", result };
    }
    return { path: file, kind: "ignored", ok: true, reason: "not a .json, .txt, .md or .html file" };
  } catch (error) {
    if (error instanceof AppError) return { path: file, kind: "error", ok: false, error: error.message, details: error.details };
    return { path: file, kind: "error", ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function filesOf(target: string): string[] {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) usage(`${target}: no such file or folder.`);
  if (!stat.isDirectory()) return [target];
  // The folder's own files in name order (not its subfolders, not hidden files).
  return fs
    .readdirSync(target, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort()
    .map((name) => path.join(target, name));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the people an import added need before they can sign in. */
function peopleAdvice({ created, withoutAddress }: ImportReport["people"]): string {
  if (created === 0) return "";
  const withAddress = created - withoutAddress;
  const parts = [
    withAddress > 0 ? `${withAddress === created ? "" : `${withAddress} with an address: `}a file holds no passwords, set one on Admin → Users to let someone sign in` : "",
    withoutAddress > 0 ? `${withoutAddress} without an address, kept as authors of their work: give one on Admin → Users to let them sign in` : "",
  ];
  return ` (${parts.filter(Boolean).join("; ")})`;
}

function printReport(r: ImportReport) {
  const a = r.annotations;
  console.log(
    `  ${r.format}: ${r.items ? `${r.items.total} ${r.items.total === 1 ? "item" : "items"}${r.items.skipped ? `, ${r.items.skipped} skipped (unreadable: see the warnings)` : ""}; ` : ""}documents ${r.documents.created} created, ${r.documents.matched} matched${r.documents.refused ? `, ${r.documents.refused} refused` : ""}; ` +
      `annotations ${a.created} created, ${a.unchanged} unchanged, ${a.updated} updated, ${a.replaced} re-anchored, ${a.unplaced.length} unplaced; ` +
      `replies ${r.replies.created} created, ${r.replies.unchanged} unchanged, ${r.replies.updated} updated, ${r.replies.skipped.length} skipped; ` +
      `verdicts ${r.verdicts.created} created, ${r.verdicts.unchanged} unchanged, ${r.verdicts.updated} updated, ${r.verdicts.skipped.length} skipped; ` +
      `rulings ${r.rulings.created} created, ${r.rulings.unchanged} unchanged, ${r.rulings.updated} updated, ${r.rulings.skipped.length} skipped; ` +
      `people ${r.people.matched} matched, ${r.people.created} added as inactive accounts${peopleAdvice(r.people)}`,
  );
  for (const d of r.documents.list) {
    if (d.status === "refused") console.log(`  document “${d.title}” (${d.fileId}) refused: ${d.reason}`);
    else if (d.reanchored) console.log(`  document “${d.title}” matched by ${d.matchedBy} (another version of its text): annotations placed by quote`);
  }
  const clip = (q: string) => (q.length > 60 ? `${q.slice(0, 59)}…` : q).replace(/\s+/g, " ");
  for (const u of a.unplaced) console.log(`  unplaced annotation ${u.id} “${clip(u.quote)}”: ${u.reason}`);
  for (const s of r.replies.skipped) console.log(`  skipped reply ${s.id}: ${s.reason}`);
  for (const s of r.verdicts.skipped) console.log(`  skipped verdict by ${s.reviewer} on ${s.annotationId}: ${s.reason}`);
  for (const s of r.rulings.skipped) console.log(`  skipped ruling by ${s.editor} on ${s.annotationId}: ${s.reason}`);
  for (const w of r.warnings) console.log(`  warning: ${w}`);
}

/** A message that may quote the file (a JSON parser's): its control characters written as escapes, not sent to the terminal. */
const printable = (message: string) =>
  message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

function print(o: Outcome) {
  switch (o.kind) {
    case "export":
      console.log(`${o.path}: imported`);
      printReport(o.report);
      break;
    case "document":
      if (o.result.status === "created") console.log(`${o.path}: added as “${o.result.title}” (${o.result.id})`);
      else if (o.result.status === "duplicate") console.log(`${o.path}: skipped, duplicate: ${o.result.message}`);
      else console.log(`${o.path}: refused: ${o.result.reason}`);
      break;
    case "ignored":
      console.log(`${o.path}: ignored (${o.reason})`);
      break;
    case "error": {
      console.log(`${o.path}: refused: ${printable(o.error)}`);
      const errors = (o.details as { errors?: unknown } | undefined)?.errors;
      // every problem the refusal lists (its message names the first three)
      if (Array.isArray(errors)) for (const e of errors) console.log(`  ${printable(String(e))}`);
      break;
    }
  }
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { json: { type: "boolean", default: false }, help: { type: "boolean", default: false } } });
  } catch (error) {
    usage((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length === 0) usage("Name a file or a folder to import.");
  await databaseReadyOrExit();
  const outcomes: Outcome[] = [];
  for (const target of parsed.positionals) {
    for (const file of filesOf(target)) {
      const outcome = await importOne(file);
      outcomes.push(outcome);
      if (!parsed.values.json) print(outcome);
    }
  }
  if (parsed.values.json) console.log(JSON.stringify(outcomes, null, 2));
  else {
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(`${plural(outcomes.length, "file")} read, ${failed ? `${failed} with problems` : "no problems"}.`);
  }
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
