// Demo mode: the sample corpus of seeds/ plus the demo accounts of lib/demo.ts, loaded into an empty database by `npm start`.
import fs from "node:fs";
import path from "node:path";
import { countUsers } from "@/lib/users/store";
import { countDocuments } from "@/lib/documents/store";
import { readSetting, writeSetting } from "@/lib/settings/store";
import { createDocument } from "@/lib/documents/service";
import { documentMetadataSchema } from "@/lib/documents/schemas";
import { createUser } from "@/lib/users/service";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo";

export { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoMode } from "@/lib/demo";

interface ManifestEntry {
  file: string;
  title: string;
  kind: string;
  publisher?: string;
  published?: string;
}

export async function loadSeedCorpus(dir = path.join(process.cwd(), "seeds")): Promise<number> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { documents: ManifestEntry[] };
  for (const entry of manifest.documents) {
    // Byte for byte: the seeds use \n line endings already, and the hash check in the tests proves it.
    const text = fs.readFileSync(path.join(dir, entry.file), "utf8");
    const metadata = documentMetadataSchema.parse({
      title: entry.title,
      kind: entry.kind,
      publisher: entry.publisher ?? null,
      publishedAt: entry.published ?? null,
    });
    await createDocument({ text, metadata });
  }
  return manifest.documents.length;
}

/** Nothing in it, and not set up as an installation without the demo (declineDemo). */
export async function isDatabaseEmpty(): Promise<boolean> {
  const [users, documents, demo] = await Promise.all([countUsers(), countDocuments(), readSetting("demo")]);
  return users === 0 && documents === 0 && demo === null;
}

/** An installation without the demo (`npm start -- --no-demo`): remembered, so that no later `npm start`
 * seeds the demo's accounts, whose password is public, into it while it has no people yet. */
export async function declineDemo(): Promise<void> {
  await writeSetting("demo", "false");
}

export async function seedDemo(): Promise<void> {
  await loadSeedCorpus();
  for (const account of DEMO_ACCOUNTS) await createUser({ ...account, password: DEMO_PASSWORD });
  await writeSetting("demo", "true");
}
