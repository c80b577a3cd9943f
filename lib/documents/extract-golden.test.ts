// The stored text must never change: annotations point into it by code point offset, and the seeds'
// SHA-256 identify them. `__fixtures__/extract-golden.json` holds the hash of what extractText
// produced for every fixture, every seed and a generated corpus before the structure layer and the
// boilerplate option existed; extractText without options must keep producing exactly that.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractText, sha256Hex } from "./extract";
import { generatedCorpus } from "./__fixtures__/corpus";

const ROOT = path.resolve(__dirname, "../..");
const golden = JSON.parse(readFileSync(path.join(__dirname, "__fixtures__/extract-golden.json"), "utf8")) as {
  files: Record<string, string | null>;
  generated: Record<string, string | null>;
};

function digest(result: ReturnType<typeof extractText>): string | null {
  return result.ok ? sha256Hex(JSON.stringify([result.text, result.format, result.title ?? null])) : null;
}

describe("extracted text is byte for byte what it was", () => {
  it.each(Object.keys(golden.files))("%s", (key) => {
    const [dir, name] = key.split("/");
    const file = path.join(ROOT, dir === "seeds" ? "seeds" : "lib/documents/__fixtures__", name);
    const bytes = new Uint8Array(readFileSync(file));
    expect(digest(extractText({ bytes, fileName: name }))).toBe(golden.files[key]);
  });

  it("every seed extracts to its own bytes, so its SHA-256 (the stored textHash) is unchanged", () => {
    const seeds = readdirSync(path.join(ROOT, "seeds")).filter((f) => f.endsWith(".txt"));
    expect(seeds.length).toBe(5);
    for (const name of seeds) {
      const raw = readFileSync(path.join(ROOT, "seeds", name), "utf8");
      const result = extractText({ bytes: new TextEncoder().encode(raw), fileName: name });
      if (!result.ok) throw new Error(`${name}: ${result.message}`);
      expect(result.text).toBe(raw);
      expect(sha256Hex(result.text)).toBe(sha256Hex(raw));
    }
  });

  it("the generated corpus of HTML and Markdown sources (550 documents) extracts to the same text as before", () => {
    const corpus = generatedCorpus();
    expect(corpus.length).toBe(Object.keys(golden.generated).length);
    const changed = corpus.filter((c) => digest(extractText({ text: c.source, format: c.format })) !== golden.generated[c.name]);
    expect(changed.map((c) => c.name)).toEqual([]);
  });
});
