import { describe, expect, it } from "vitest";
import { JsonScanner, JsonSyntaxError, parseJson, Utf8Error } from "./json-scan";

const encode = (text: string) => new TextEncoder().encode(text);

async function* chunks(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Walks {"items": [...], ...}: each item and each other value read whole, as the importer does (broken JSON: the rest is still checked for UTF-8). */
async function walk(bytes: Uint8Array, size: number) {
  const s = new JsonScanner(chunks(bytes, size), { checkUtf8: true });
  try {
    return await walkWith(s);
  } catch (error) {
    if (error instanceof JsonSyntaxError) await s.drain();
    throw error;
  }
}

async function walkWith(s: JsonScanner) {
  const out: Record<string, unknown> = {};
  await s.object(async (key) => {
    if (key !== "items") {
      out[key] = parseJson((await s.value())!);
      return;
    }
    const items: unknown[] = [];
    await s.array(async () => void items.push(parseJson((await s.value())!)));
    out[key] = items;
  });
  await s.end();
  return out;
}

const TRICKY = {
  a: 'quote " backslash \\ slash / brace { } bracket [ ] ',
  items: [1, -2.5e3, true, false, null, "ünïcödé — 🙂 \u2028", { nested: [[{ "k\"ey": "]}" }]] }, [], {}, ""],
  empty: {},
  n: 0,
};

describe("JsonScanner", () => {
  it("reads the same values whatever the chunk size (boundaries inside strings, escapes, numbers and characters)", async () => {
    const text = `\ufeff ${JSON.stringify(TRICKY, null, 2)}\n`;
    const bytes = encode(text);
    for (let size = 1; size <= 40; size++) expect(await walk(bytes, size)).toEqual(TRICKY);
    expect(await walk(bytes, bytes.length)).toEqual(TRICKY);
  });

  it("tells escaped quotes and backslashes from a string's end wherever the chunks are cut", async () => {
    const strings = ['\\', '\\\\', '\\"', 'a\\', '"\\"\\\\"', '\\\\\\"x', "x".repeat(50) + '\\"' + "y".repeat(50), '\u0022\\u0022'];
    const value = { s: strings, items: strings.map((t) => ({ t })), last: strings.join("") };
    const bytes = encode(JSON.stringify(value));
    for (let size = 1; size <= 48; size++) expect(await walk(bytes, size)).toEqual(value);
  });

  it("refuses broken JSON with where it broke", async () => {
    const bad = ['{"a": 1,}', '{"a" 1}', '{"items": [1 2]}', '{"a": 1} x', '{"a": "open', '{"items": [', '{"a": tru}', "{a: 1}", '{"a": [1, 2}'];
    for (const text of bad) {
      for (const size of [1, 3, 100]) await expect(walk(encode(text), size), `${text} in chunks of ${size}`).rejects.toBeInstanceOf(JsonSyntaxError);
    }
  });

  it("checks UTF-8 across chunk boundaries: a character cut between two chunks is fine, a broken or unfinished one is not", async () => {
    const good = encode('{"a": "€𝄞é"}');
    for (let size = 1; size <= good.length; size++) expect(await walk(good, size)).toEqual({ a: "€𝄞é" });
    const broken = [
      new Uint8Array([...encode('{"a": "'), 0xe2, 0x28, 0xa1, ...encode('"}')]), // a continuation byte missing
      new Uint8Array([...encode('{"a": "'), 0xff, ...encode('"}')]),
      new Uint8Array([...encode('{"a": "'), 0xc0, 0xaf, ...encode('"}')]), // overlong
      new Uint8Array([...encode('{"a": 1}'), 0xe2, 0x82]), // cut at the end of the file
    ];
    for (const bytes of broken) {
      for (let size = 1; size <= bytes.length; size++) await expect(walk(bytes, size)).rejects.toBeInstanceOf(Utf8Error);
    }
  });

  it("drain() reads (and checks) the rest without scanning it", async () => {
    const s = new JsonScanner(chunks(new Uint8Array([...encode('{"a": 1,, "b": "'), 0xff, ...encode('"}')]), 4), { checkUtf8: true });
    await expect(s.object(async () => void (await s.value(false)))).rejects.toBeInstanceOf(JsonSyntaxError);
    await expect(s.drain()).rejects.toBeInstanceOf(Utf8Error);
  });
});
