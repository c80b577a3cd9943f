// Writes a native export file with the export tests' fixture corpus (non-BMP text, every kind of
// note and evidence, replies, verdicts; people with and without email addresses), for the round trip
// of e2e/engines.spec.ts. Usage: tsx e2e/support/roundtrip-fixture.ts <out.json>
import fs from "node:fs";
import { ANNOTATIONS, DOC_1, DOC_2, repliesOf } from "../../lib/export/__fixtures__/corpus";
import { buildNativeExport, toNativeAnnotation } from "../../lib/export/native";

const emails: Record<string, string> = { "u-alice": "alice@archive.example.org", "u-bob": "bob@checkers.example.org" };
const file = buildNativeExport({
  exportedAt: "2024-06-01T00:00:00.000Z",
  documents: [DOC_1, DOC_2].map((meta) => ({
    meta,
    annotations: ANNOTATIONS.filter((a) => a.documentId === meta.id).map((a) => toNativeAnnotation(a, repliesOf(a.id), (id) => emails[id])),
  })),
});
fs.writeFileSync(process.argv[2], JSON.stringify(file));
