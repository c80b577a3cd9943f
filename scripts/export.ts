// npm run export -- --format native|w3c|claimreview [--document <id>] --out <file> [--base-url <url>] [--no-emails]
// Streams an export of the corpus (or one document) to a file, batch by batch, and prints what it wrote.
import "./lib/require-existing-database";
import { databaseReadyOrExit } from "./lib/database";
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { EXPORT_FORMATS, prepareExport, type ExportFormat } from "@/lib/export/service";

const USAGE = "usage: npm run export -- --format native|w3c|claimreview [--document <id>] --out <file> [--base-url <url>] [--no-emails]";

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        format: { type: "string" },
        document: { type: "string" },
        out: { type: "string" },
        "base-url": { type: "string" },
        "no-emails": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const format = values.format as ExportFormat | undefined;
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) usage(`--format must be one of ${EXPORT_FORMATS.join(", ")}.`);
  if (!values.out) usage("--out <file> is required.");
  const baseUrl = values["base-url"] ?? env.appUrl;
  if (!URL.canParse(baseUrl)) usage(`--base-url ${baseUrl} is not a URL.`);
  // Links and W3C ids are the site's origin plus the app's own paths: any other scheme made ids such as
  // "null/api/documents/…" (mailto:) and a path or query was dropped without a word.
  const base = new URL(baseUrl);
  if (base.protocol !== "http:" && base.protocol !== "https:") usage(`--base-url ${baseUrl} is not an http(s) address.`);
  if (values["base-url"] !== undefined && (base.pathname !== "/" || base.search || base.hash)) {
    usage(`--base-url ${baseUrl}: give the site's address alone (${base.origin}); the links add the app's paths to it.`);
  }

  const out = path.resolve(values.out);
  // Checked before anything is read: a file name in a folder that exists.
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) usage(`--out ${values.out} is a folder; name a file in it.`);
  if (!fs.existsSync(path.dirname(out)) || !fs.statSync(path.dirname(out)).isDirectory()) usage(`--out ${values.out}: the folder ${path.dirname(out)} does not exist.`);

  await databaseReadyOrExit();
  const started = performance.now();
  const prepared = await prepareExport({
    user: null,
    format,
    documentId: values.document,
    baseUrl: base.origin,
    includeEmails: !values["no-emails"],
  });
  // Written under a temporary name and renamed at the end, so a failed export never leaves a truncated file behind;
  // readable by its owner only, as a backup is: it holds the reviewers' work and, unless --no-emails, their addresses.
  const partial = `${out}.partial`;
  const file = fs.createWriteStream(partial, { mode: 0o600 });
  let bytes = 0;
  try {
    for await (const chunk of prepared.chunks) {
      bytes += Buffer.byteLength(chunk);
      if (!file.write(chunk)) await once(file, "drain");
    }
    file.end();
    await once(file, "finish");
    fs.renameSync(partial, out);
  } catch (error) {
    file.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const { documents, annotations, replies, verdicts } = prepared.stats;
  const what =
    format === "claimreview"
      ? `${annotations} ruling${annotations === 1 ? "" : "s"} as ClaimReview from ${documents} document${documents === 1 ? "" : "s"}`
      : `${documents} document${documents === 1 ? "" : "s"}, ${annotations} annotations, ${replies} replies, ${verdicts} verdicts`;
  console.log(`Exported ${what} (${format}, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(1)} s) to ${out}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    // A refusal or a file system error (no space, no permission) is one line; anything else in full.
    const systemError = error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && (error as NodeJS.ErrnoException).syscall !== undefined;
    console.error(error instanceof AppError ? `Refused: ${error.message}` : systemError ? `Export failed: ${error.message}` : error);
    process.exit(1);
  },
);
