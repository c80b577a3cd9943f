// The outline of a W3C file (./w3c-source.ts) gives the items, in the order and with the structural
// problems, that the file read whole gives: the import reads every layout an item at a time.
import { describe, expect, it } from "vitest";
import { collectW3cItems, streamW3cCollection, w3cItemsFor, type W3cAnnotation } from "@/lib/export/w3c";
import { ANNOTATIONS, BASE_URL, W3C_CONTEXT, collect, repliesOf, slowly } from "@/lib/export/__fixtures__/corpus";
import { AppError } from "@/lib/errors";
import { chunked, encode } from "./__fixtures__/input";
import { storageProblem } from "./annotation-bytes";
import { outlineW3c } from "./w3c-source";

type Json = Record<string, unknown>;
const items = (): W3cAnnotation[] => ANNOTATIONS.flatMap((a) => w3cItemsFor(a, repliesOf(a.id), W3C_CONTEXT));
const COLLECTION_ID = `${BASE_URL}/api/export?format=w3c`;

async function collection(list: W3cAnnotation[], pageSize?: number): Promise<Json> {
  const chunks = await collect(streamW3cCollection({ collectionId: COLLECTION_ID, label: "Apparatus corpus", total: list.length, pageSize, items: slowly(list) }));
  return JSON.parse(chunks.join("")) as Json;
}
const pagesOf = (c: Json): Json[] => [c.first as Json, ...((c["@included"] as Json[] | undefined) ?? [])];

/** What the outline reads of `text` (in chunks of `size`): its items' values and its structural problems. */
async function outlined(text: string, size = 7) {
  const outline = await outlineW3c(chunked(encode(text), size));
  if (!outline) return null;
  const source = outline.source();
  const values: unknown[] = [];
  const unstorable: AppError[] = [];
  for await (const value of source.values((p) => unstorable.push(p))) values.push(value);
  return { total: source.total, structure: source.structure, values, unstorable: [source.unstorable, ...unstorable].filter(Boolean).map((e) => e!.message) };
}

async function expectSameAsWhole(json: unknown, size?: number) {
  const text = JSON.stringify(json);
  const structure: string[] = [];
  const whole = collectW3cItems(JSON.parse(text), structure);
  const got = await outlined(text, size);
  expect(got).toEqual({ total: whole.length, structure, values: whole, unstorable: [] });
  return got!;
}

describe("the outline of a W3C file", () => {
  it("reads every layout's items in the order and with the problems of the file read whole", async () => {
    const c = await collection(items(), 3);
    const [first, ...rest] = pagesOf(c);
    const linked = { ...c, first: first.id, "@included": undefined };
    const layouts: unknown[] = [
      c, // the export's own: first embedded, the other pages in @included
      await collection(items(), 100),
      c.first, // one page
      items()[0], // one annotation
      items(), // an array of items
      [linked, ...pagesOf(c)], // pages by IRI, beside the collection
      { "@context": "http://www.w3.org/ns/anno.jsonld", "@graph": [...pagesOf(c).reverse(), linked] }, // a @graph, pages out of order (sorted by startIndex)
      [c, first], // the embedded first page listed again
      [linked, first], // a page neither embedded nor in the file
      { ...c, "@included": (c["@included"] as Json[]).slice(0, 1) }, // a page cut off
      { ...c, total: 99 },
      [[items()[0], [items()[1]]], "https://x.example/anno/9", 42, null, { type: "Note", items: [1, 2] }], // nested arrays, references, junk
      { ...(c.first as Json), items: items()[2] }, // items as one object, not an array
      { ...(c.first as Json), items: [[items()[0]], "ref", 3] },
      { ...c, first: { ...first, next: { ...rest[0], next: { ...rest[1], next: undefined } } }, "@included": undefined }, // pages embedded in next
    ];
    for (const [i, layout] of layouts.entries()) {
      const got = await expectSameAsWhole(layout, 5 + i);
      expect(got.total).toBeGreaterThan(0);
    }
    // The collection's announced total said once, before the items' problems.
    expect((await outlined(JSON.stringify({ ...c, total: 99 })))!.structure).toEqual(["the collection announces 99 annotations but holds 8"]);
  });

  it("reads an item's bytes exactly: multi-byte characters, escapes and a byte-order mark", async () => {
    const tricky = { ...items()[0], id: `${BASE_URL}/api/annotations/t`, label: 'a "quote" \\ 😀 \u2028 “x”', body: [{ type: "TextualBody", value: "}]{[\"", purpose: "commenting" }] };
    const page = { type: "AnnotationPage", items: [tricky, items()[1]] };
    for (const size of [1, 2, 3, 64]) await expectSameAsWhole(page, size);
    const withBom = `\ufeff${JSON.stringify(page)}`;
    expect((await outlined(withBom, 3))!.values).toEqual([tricky, items()[1]]);
  });

  it("leaves what is no object or array, and refuses broken JSON as the file read whole is refused", async () => {
    expect(await outlined('"text"')).toBeNull();
    expect(await outlined("")).toBeNull();
    await expect(outlined('{"type": "AnnotationPage", "items": [1, }')).rejects.toThrow(/not valid JSON/);
    await expect(outlined('{"type": "AnnotationPage", "label": {"a": tru}, "items": []}')).rejects.toThrow(/not valid JSON/);
    // an item's own JSON is read when the items are
    const broken = await outlineW3c(chunked(encode('{"type": "AnnotationPage", "items": [{"a": tru}]}'), 4));
    await expect(
      (async () => {
        for await (const value of broken!.source().values(() => {})) void value;
      })(),
    ).rejects.toThrow(/not valid JSON/);
  });

  it("finds what cannot be stored outside the items while outlining, and in them as they are read", async () => {
    const page = (extra: Json, item: Json = items()[0] as unknown as Json) => JSON.stringify({ type: "AnnotationPage", ...extra, items: [item] });
    expect((await outlined(page({ label: "a\u0000b" })))!.unstorable).toEqual([expect.stringMatching(/NUL/)]);
    expect((await outlined(page({ "\ud800": 1 })))!.unstorable).toEqual([expect.stringMatching(/surrogates/)]);
    expect((await outlined(page({}, { ...(items()[0] as unknown as Json), label: "x\u0000" })))!.unstorable).toEqual([expect.stringMatching(/NUL/)]);
    let deep: unknown = 1;
    for (let i = 0; i < 120; i++) deep = [deep];
    expect((await outlined(JSON.stringify([deep])))!.unstorable).toEqual([expect.stringMatching(/nested more than 100/)]);
    expect((await outlined("[".repeat(10_000) + "]".repeat(10_000), 4096))!.unstorable).toEqual([expect.stringMatching(/nested more than 100/)]);
    expect((await outlined(`{"@graph": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`, 4096))!.unstorable).toEqual([expect.stringMatching(/nested more than 100/)]);
    expect((await outlined(page({}, { ...(items()[0] as unknown as Json), deep })))!.unstorable).toEqual([expect.stringMatching(/nested more than 100/)]);
    // at the limit, in an item, in the outline and in both: as for the file read whole
    for (let levels = 92; levels <= 99; levels++) {
      let nested: unknown = 1;
      for (let i = 0; i < levels; i++) nested = [nested];
      for (const text of [page({}, { ...(items()[0] as unknown as Json), nested }), page({ nested }), JSON.stringify({ ...JSON.parse(page({ nested })), items: [{ nested }] })]) {
        const whole = storageProblem(JSON.parse(text), 1);
        expect((await outlined(text))!.unstorable[0] ?? null, `${levels} levels`).toBe(whole?.message ?? null);
      }
    }
  });
});
