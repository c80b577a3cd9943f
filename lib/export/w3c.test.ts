import { describe, expect, it } from "vitest";
import { CLASSIFICATIONS } from "@/lib/annotations/types";
import { toAnnotationDTO, toReplyDTO, type AnnotationRecord, type PeopleLookup, type ReplyRecord, type VerdictRecord } from "@/lib/annotations/record";
import { isAbsoluteUri, isDateTime, toUtcDateTime } from "./formats";
import {
  ANNO_CONTEXT,
  collectW3cItems,
  readW3cItem,
  streamW3cCollection,
  toW3cAnnotation,
  toW3cRuling,
  w3cAgentJson,
  w3cItemsFor,
  w3cItemsJson,
  type W3cAnnotation,
  type W3cImportedAnnotation,
  type W3cImportedReply,
  type W3cImportedRuling,
  type W3cImportedVerdict,
  type W3cTarget,
} from "./w3c";
import { checkW3c, checkW3cAnnotation, checkW3cCollection, checkW3cPage } from "./w3c-validate";
import { ADJUDICATED, ANNOTATIONS, BASE_URL, W3C_CONTEXT, collect, repliesOf, slowly } from "./__fixtures__/corpus";

type Json = Record<string, unknown>;

/** A W3C file held whole, read as the import reads it (collectW3cItems, then readW3cItem), its items by kind. */
interface W3cImport {
  annotations: W3cImportedAnnotation[];
  replies: W3cImportedReply[];
  verdicts: W3cImportedVerdict[];
  rulings: W3cImportedRuling[];
  errors: string[];
  items: { total: number; skipped: number };
}

function fromW3c(json: unknown): W3cImport {
  const result: W3cImport = { annotations: [], replies: [], verdicts: [], rulings: [], errors: [], items: { total: 0, skipped: 0 } };
  const all = collectW3cItems(json, result.errors);
  all.forEach((item, index) => {
    const read = readW3cItem(item, index, result.errors);
    if (read?.kind === "annotation") result.annotations.push(read.value);
    else if (read?.kind === "reply") result.replies.push(read.value);
    else if (read?.kind === "verdict") result.verdicts.push(read.value);
    else if (read?.kind === "ruling") result.rulings.push(read.value);
  });
  result.items = { total: all.length, skipped: all.length - result.annotations.length - result.replies.length - result.verdicts.length - result.rulings.length };
  return result;
}

const items = (): W3cAnnotation[] => ANNOTATIONS.flatMap((a) => w3cItemsFor(a, repliesOf(a.id), W3C_CONTEXT));
const COLLECTION_ID = `${BASE_URL}/api/export?format=w3c`;

async function collection(list: W3cAnnotation[], pageSize?: number): Promise<Json> {
  const chunks = await collect(streamW3cCollection({ collectionId: COLLECTION_ID, label: "Apparatus corpus", total: list.length, pageSize, items: slowly(list) }));
  return JSON.parse(chunks.join("")) as Json;
}

/** The embedded pages of a collection, in order. */
const pagesOf = (c: Json): Json[] => (c.first ? [c.first as Json, ...((c["@included"] as Json[] | undefined) ?? [])] : []);

const expectConformant = (kind: "annotation" | "collection" | "page", value: unknown) => {
  const result = checkW3c(kind, value);
  expect(result.failures, JSON.stringify(result.failures, null, 2)).toEqual([]);
  return result;
};

describe("W3C annotations", () => {
  it("every annotation, reply and verdict passes all the W3C MUST assertions", () => {
    const all = items();
    expect(all.map((i) => i.motivation)).toEqual([
      "classifying",
      "classifying", "replying", "assessing", "assessing",
      "classifying",
      "classifying",
      "classifying",
    ]);
    for (const item of all) {
      const result = expectConformant("annotation", item);
      expect(result.checked).toHaveLength(54);
    }
  });

  it("has the required properties with the required types", () => {
    for (const item of items()) {
      expect(item["@context"]).toBe("http://www.w3.org/ns/anno.jsonld");
      expect(isAbsoluteUri(item.id)).toBe(true);
      expect(item.type).toBe("Annotation");
      expect(isDateTime(item.created) && isDateTime(item.modified)).toBe(true);
      expect(item.creator).toEqual({ id: expect.stringMatching(/^https:\/\/apparatus\.example\.org\/users\//), type: "Person", name: expect.any(String) });
      expect(Array.isArray(item.body) && item.body.length).toBeGreaterThan(0);
      for (const body of item.body) {
        if (body.type === "TextualBody") expect(typeof body.value).toBe("string");
        else expect(isAbsoluteUri(body.source)).toBe(true);
        expect(["commenting", "classifying", "describing", "replying", "assessing"]).toContain(body.purpose);
      }
      if (item.motivation !== "classifying") {
        expect(typeof item.target === "string" && isAbsoluteUri(item.target)).toBe(true);
      }
    }
    ANNOTATIONS.forEach((a) => {
      const w = toW3cAnnotation(a, W3C_CONTEXT);
      expect(w.id).toBe(`${BASE_URL}/api/annotations/${a.id}`);
      const classes = w.body.filter((b) => b.purpose === "classifying");
      expect(classes).toEqual([{ type: "TextualBody", value: a.classification, purpose: "classifying" }]);
      expect(CLASSIFICATIONS).toContain(a.classification);
      const target = w.target as W3cTarget;
      expect(target.source).toBe(`${BASE_URL}/documents/${a.documentId}`);
      const [quote, position] = target.selector as [W3cTarget["selector"][0], { type: string; start: number; end: number }];
      expect(quote).toEqual({ type: "TextQuoteSelector", exact: a.quote, prefix: a.prefix, suffix: a.suffix });
      expect(quote.exact).toBe(a.quote);
      expect(position.type).toBe("TextPositionSelector");
      expect(Number.isInteger(position.start) && position.start >= 0).toBe(true);
      expect(Number.isInteger(position.end) && position.end > position.start).toBe(true);
      expect([position.start, position.end]).toEqual([a.start, a.end]);
    });
  });

  it("writes the note as HTML, omits an empty note, and keeps each evidence entry in one body", () => {
    const [a1, , a3] = ANNOTATIONS;
    const w1 = toW3cAnnotation(a1, W3C_CONTEXT);
    expect(w1.body[0]).toEqual({
      type: "TextualBody",
      value: 'Checked against the <strong>yearbook</strong> &amp; the <a href="https://example.org/archive" rel="nofollow noopener noreferrer">archive &lt;index&gt;</a> 𝔄.'.replace(/^/, "<p>") + "</p>",
      format: "text/html",
      purpose: "commenting",
    });
    expect(w1.body.slice(2)).toEqual([
      { type: "TextualBody", value: "Ministry yearbook 1951, p. 12", format: "text/plain", purpose: "describing" },
      { type: "SpecificResource", source: "https://example.org/yearbook", purpose: "describing" },
      { type: "SpecificResource", source: "https://example.org/deutscher?p=12", purpose: "describing", "dcterms:bibliographicCitation": "Deutscher, The Prophet Armed, p. 12" },
    ]);
    expect(toW3cAnnotation(a3, W3C_CONTEXT).body.map((b) => b.purpose)).toEqual(["classifying"]);
  });

  it("percent-encodes an evidence URL that is not a valid URI, so the body stays conformant", () => {
    const w = toW3cAnnotation({ ...ANNOTATIONS[2], evidence: [{ url: "https://de.example.org/wiki/Müller page" }] }, W3C_CONTEXT);
    expect(w.body[1]).toMatchObject({ source: "https://de.example.org/wiki/M%C3%BCller%20page" });
    expectConformant("annotation", w);
  });
});

describe("W3C collection and paging", () => {
  it("pages 5 items by 2 into 3 pages, in order, and every object passes its MUSTs", async () => {
    const five = ANNOTATIONS.map((a) => toW3cAnnotation(a, W3C_CONTEXT));
    const c = await collection(five, 2);
    expect(c).toMatchObject({ "@context": ANNO_CONTEXT, id: COLLECTION_ID, type: "AnnotationCollection", label: "Apparatus corpus", total: 5 });
    const pages = pagesOf(c);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.id)).toEqual([1, 2, 3].map((n) => `${COLLECTION_ID}#page-${n}`));
    expect(c.last).toBe(pages[2].id);
    expect(pages.map((p) => p.startIndex)).toEqual([0, 2, 4]);
    expect(pages.map((p) => (p.items as unknown[]).length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => [p.prev, p.next])).toEqual([
      [undefined, pages[1].id],
      [pages[0].id, pages[2].id],
      [pages[1].id, undefined],
    ]);
    expect(pages.flatMap((p) => p.items as W3cAnnotation[])).toEqual(five);

    expectConformant("collection", c);
    expectConformant("page", c); // the "Collection with an embedded Page" form the page suite accepts
    for (const page of pages) {
      expect(page).toMatchObject({ "@context": ANNO_CONTEXT, type: "AnnotationPage", partOf: COLLECTION_ID });
      const result = expectConformant("page", page);
      expect(result.inapplicable).toHaveLength(7); // partOf is an IRI: see w3c-validate.ts
      for (const item of page.items as unknown[]) expectConformant("annotation", item);
    }
  });

  it("handles one page, an exact multiple of the page size, and an empty collection", async () => {
    const all = items();
    const one = await collection(all);
    expect(pagesOf(one)).toHaveLength(1);
    expect(one.last).toBe((one.first as Json).id);
    expect((one.first as Json).next).toBeUndefined();
    expect(one["@included"]).toBeUndefined();

    const exact = await collection(all, 4);
    expect(pagesOf(exact).map((p) => (p.items as unknown[]).length)).toEqual([4, 4]);

    const empty = await collection([]);
    expect(empty).toEqual({ "@context": ANNO_CONTEXT, id: COLLECTION_ID, type: "AnnotationCollection", label: "Apparatus corpus", total: 0 });
    expectConformant("collection", empty);
  });

  it("refuses to write a collection whose items do not match the announced total", async () => {
    const all = items();
    const tooMany = streamW3cCollection({ collectionId: COLLECTION_ID, label: "x", total: 2, items: all });
    await expect(collect(tooMany)).rejects.toThrow(/more items than the announced total of 2/);
    const tooFew = streamW3cCollection({ collectionId: COLLECTION_ID, label: "x", total: all.length + 1, items: all });
    await expect(collect(tooFew)).rejects.toThrow(/8 items, but the announced total is 9/);
  });
});

describe("W3C checker", () => {
  it("reports broken annotations, collections and pages", () => {
    const good = toW3cAnnotation(ANNOTATIONS[0], W3C_CONTEXT) as unknown as Json;
    const names = (r: { failures: { assertion: string }[] }) => r.failures.map((f) => f.assertion);
    expect(names(checkW3cAnnotation({ ...good, "@context": "http://example.org/other" }))).toEqual(["3.1-annotationContextValidated.json"]);
    expect(names(checkW3cAnnotation({ ...good, id: "not an iri" }))).toEqual(["3.1-annotationIdValidated.json"]);
    expect(names(checkW3cAnnotation({ ...good, target: undefined }))).toContain("3.1-targetKeyFound.json");
    expect(names(checkW3cAnnotation({ ...good, created: "yesterday" }))).toEqual(["3.3.1-annotationCreatedValidated.json"]);
    expect(names(checkW3cAnnotation({ ...good, bodyValue: "x" }))).toEqual(["3.2.5-notBodyBodyValue.json"]);
    const badPosition = { ...good, target: { source: "https://x.example/d", selector: { type: "TextPositionSelector", start: -1, end: 2 } } };
    expect(names(checkW3cAnnotation(badPosition))).toContain("4.2-TextDataPositionSelectorValid.json");
    const noExact = { ...good, target: { source: "https://x.example/d", selector: { type: "TextQuoteSelector", prefix: "a" } } };
    expect(names(checkW3cAnnotation(noExact))).toContain("4.2.4-textQuoteSelectorValid.json");
    const valueOnResource = { ...good, body: [{ type: "SpecificResource", source: "https://x.example/e", value: "x" }] };
    expect(names(checkW3cAnnotation(valueOnResource))).toContain("4-bodySpecificResourceNoValue.json");
    expect(checkW3cAnnotation(good).failures[0]?.message).toBeUndefined();

    const c = { "@context": ANNO_CONTEXT, id: COLLECTION_ID, type: "AnnotationCollection", total: 3 };
    expect(names(checkW3cCollection(c))).toEqual(["5.1-collectionFirstValidated.json"]);
    expect(names(checkW3cCollection({ ...c, first: "https://x.example/p1", total: -1 }))).toEqual(["5.1-collectionTotalValidated.json"]);

    // With partOf embedded as an object, the seven partOf assertions apply and catch errors.
    const page = { "@context": ANNO_CONTEXT, id: "https://x.example/p1", type: "AnnotationPage", items: [good], partOf: { id: COLLECTION_ID, total: -2, label: "ok" } };
    const pageResult = checkW3cPage(page);
    expect(pageResult.inapplicable).toEqual([]);
    expect(names(pageResult)).toEqual(["5.2-pageTotalValidated.json"]);
    expect(pageResult.failures[0].message).toMatch(/total key .* non-negative|negative numeric value/);
    expect(names(checkW3cPage({ ...page, partOf: COLLECTION_ID, next: { id: "https://x.example/p2" } }))).toEqual(["5.2-pageNextValidated.json"]);
  });
});

describe("W3C import (fromW3c)", () => {
  it("round-trips ids, offsets, quotes, classes, evidence, notes, replies and verdicts through a paged collection", async () => {
    const c = await collection(items(), 3);
    const back = fromW3c(c);
    expect(back.errors).toEqual([]);
    expect(back.annotations).toHaveLength(ANNOTATIONS.length);
    back.annotations.forEach((got, i) => {
      const a = ANNOTATIONS[i];
      expect(got).toEqual({
        id: a.id,
        iri: `${BASE_URL}/api/annotations/${a.id}`,
        documentIri: `${BASE_URL}/documents/${a.documentId}`,
        start: a.start,
        end: a.end,
        exact: a.quote,
        prefix: a.prefix,
        suffix: a.suffix,
        classification: a.classification,
        note: a.note,
        evidence: a.evidence,
        creatorId: a.author.id,
        creatorName: a.author.name,
        created: a.createdAt,
        modified: a.updatedAt,
      });
    });
    const reply = repliesOf("a-2")[0];
    expect(back.replies).toEqual([
      expect.objectContaining({ id: reply.id, annotationId: "a-2", body: reply.body, creatorId: reply.author.id, created: reply.createdAt }),
    ]);
    expect(back.verdicts.map((v) => [v.annotationId, v.creatorId, v.verdict, v.proposedClass])).toEqual([
      ["a-2", "u-alice", "dispute", "opinion"],
      ["a-2", "u-carol", "agree", null],
    ]);
  });

  it("accepts a single page, a single annotation and an array of annotations", async () => {
    const c = await collection(items(), 100);
    expect(fromW3c(c.first).annotations).toHaveLength(5);
    expect(fromW3c(toW3cAnnotation(ANNOTATIONS[4], W3C_CONTEXT)).annotations.map((a) => a.id)).toEqual(["a-5"]);
    const list = fromW3c(items());
    expect([list.annotations.length, list.replies.length, list.verdicts.length, list.errors.length]).toEqual([5, 1, 2, 0]);
  });

  it("reads a collection whose pages are linked by IRI and held beside it (an array or a @graph), each page once", async () => {
    const c = await collection(items(), 3);
    const [first, ...rest] = pagesOf(c);
    const linked = { ...c, first: first.id, "@included": undefined };
    const all = [first, ...rest];
    const counts = (r: ReturnType<typeof fromW3c>) => [r.annotations.length, r.replies.length, r.verdicts.length, r.errors];
    expect(counts(fromW3c([linked, ...all]))).toEqual([5, 1, 2, []]);
    expect(counts(fromW3c({ "@context": ANNO_CONTEXT, "@graph": [...all.reverse(), linked] }))).toEqual([5, 1, 2, []]);
    // the embedded first page listed again beside its collection is still read once
    expect(counts(fromW3c([c, first]))).toEqual([5, 1, 2, []]);
    // a page neither embedded nor in the file is still said
    expect(fromW3c([linked, first]).errors).toEqual([
      `page ${COLLECTION_ID}#page-2 is not embedded in this file; its annotations were not read (import that page separately)`,
      "the collection announces 8 annotations but holds 3",
    ]);
  });

  it("reads other tools' forms: plain text, markdown and bodyValue notes, IRI bodies, single values", () => {
    const foreign = {
      "@context": ANNO_CONTEXT,
      id: "urn:uuid:1234",
      type: "Annotation",
      bodyValue: "First line\nsecond line",
      body: undefined,
      target: { source: "https://x.example/doc", selector: { type: "TextQuoteSelector", exact: "harvest" } },
    };
    const noClass = fromW3c(foreign);
    expect(noClass.annotations).toEqual([]);
    expect(noClass.errors).toEqual(["item 1 (urn:uuid:1234): no body with purpose classifying and value sourced, contested or opinion; skipped"]);

    const classified = fromW3c({
      ...foreign,
      bodyValue: undefined,
      body: [
        { type: "TextualBody", value: "**Strong** claim", format: "text/markdown", purpose: "commenting" },
        { type: "TextualBody", value: "Contested", purpose: ["classifying"] },
        "https://x.example/evidence",
        { type: "TextualBody", value: "<p>Source <em>book</em></p>", format: "text/html", purpose: "describing" },
        { type: "TextualBody", value: "tag", purpose: "tagging" },
      ],
    });
    // nothing dropped silently: the tag, and what stands in for the missing creator and dates
    expect(classified.errors).toEqual([
      'item 1 (urn:uuid:1234): tag "tag" left out: annotations here have no tags',
      'item 1 (urn:uuid:1234): no creator: attributed to "Unknown reviewer"',
      "item 1 (urn:uuid:1234): no valid created or modified date: dated at the import time",
    ]);
    expect(classified.annotations[0]).toMatchObject({
      id: "1234",
      exact: "harvest",
      classification: "contested",
      evidence: [{ url: "https://x.example/evidence" }, { citation: "Source book" }],
      note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Strong", marks: [{ type: "bold" }] }, { type: "text", text: " claim" }] }] },
    });
    expect(classified.annotations[0].start).toBeUndefined();
  });

  it("reports what it cannot read instead of dropping it", async () => {
    const good = toW3cAnnotation(ANNOTATIONS[0], W3C_CONTEXT);
    const result = fromW3c([
      "https://x.example/anno/9",
      { type: "Note" },
      { ...good, id: undefined },
      { ...good, body: [{ type: "TextualBody", value: "rumour", purpose: "classifying" }] },
      { ...good, target: "https://x.example/doc" },
      { ...good, id: `${BASE_URL}/api/annotations/evil`, body: [...good.body, { type: "SpecificResource", source: "javascript:alert(1)", purpose: "describing" }] },
      { ...good, id: `${BASE_URL}/api/annotations/pos`, target: { ...(good.target as W3cTarget), selector: [(good.target as W3cTarget).selector[0], { type: "TextPositionSelector", start: 9, end: 3 }] } },
      { ...toW3cAnnotation(ANNOTATIONS[1], W3C_CONTEXT), motivation: "assessing", body: [{ type: "TextualBody", value: "maybe", purpose: "assessing" }] },
    ]);
    expect(result.errors).toEqual([
      "item 1 (https://x.example/anno/9): only a reference to an annotation, not the annotation itself; skipped",
      'item 2: not an Annotation (no type "Annotation"); skipped',
      "item 3: an Annotation without id; skipped",
      `item 4 (${good.id}): no body with purpose classifying and value sourced, contested or opinion; skipped`,
      `item 4 (${good.id}): classification "rumour" is not one of sourced, contested, opinion`,
      `item 5 (${good.id}): no target with a source and a TextQuoteSelector (passages are placed by their quote): its target is https://x.example/doc as a whole, not a passage in it; skipped`,
      `item 6 (${BASE_URL}/api/annotations/evil): evidence 4 ignored: Evidence URLs must start with http:// or https://.`,
      `item 7 (${BASE_URL}/api/annotations/pos): TextPositionSelector {"start":9,"end":3} ignored; the quote will be searched for`,
      `item 8 (${BASE_URL}/api/annotations/a-2): verdict body "maybe" is not agree, dispute or dispute:<sourced|contested|opinion>; skipped`,
    ]);
    expect(result.annotations.map((a) => a.id)).toEqual(["evil", "pos"]);
    expect(result.annotations[0].evidence).toEqual(ANNOTATIONS[0].evidence);

    // A page linked by IRI but not embedded cannot be read: say so.
    const c = await collection(items(), 3);
    const cut = { ...c, "@included": (c["@included"] as Json[]).slice(0, 1) };
    const partial = fromW3c(cut);
    expect(partial.errors).toEqual([
      `page ${COLLECTION_ID}#page-3 is not embedded in this file; its annotations were not read (import that page separately)`,
      "the collection announces 8 annotations but holds 6",
    ]);
    expect(partial.annotations.length + partial.replies.length + partial.verdicts.length).toBe(6);
  });
});

describe("W3C rulings", () => {
  const ruled = ADJUDICATED.find((a) => a.ruling)!;
  const ruling = ruled.ruling!;

  it("an editor's ruling is a moderating item after the annotation's verdicts, passes every W3C MUST, and reads back", async () => {
    const all = ADJUDICATED.flatMap((a) => w3cItemsFor(a, repliesOf(a.id), W3C_CONTEXT));
    const at = all.findIndex((i) => i.motivation === "moderating");
    const item = all[at];
    const iri = `${BASE_URL}/api/annotations/${ruled.id}`;
    // right after its annotation and that annotation's verdicts
    expect(all.slice(all.findIndex((i) => i.id === iri), at).map((i) => i.motivation)).toEqual(["classifying", ...ruled.verdicts.map(() => "assessing")]);
    expect(item).toEqual({
      "@context": ANNO_CONTEXT,
      id: `${iri}/ruling`,
      type: "Annotation",
      motivation: "moderating",
      created: ruling.createdAt,
      modified: ruling.at,
      creator: { id: `${BASE_URL}/users/${ruling.by.id}`, type: "Person", name: ruling.by.name },
      body: [
        { type: "TextualBody", value: "contested", purpose: "classifying" },
        { type: "TextualBody", value: "<p>A prediction dressed as fact: <em>contested</em> until sourced 📜.</p>", format: "text/html", purpose: "commenting" },
      ],
      target: iri,
    });
    expectConformant("annotation", item);
    const back = fromW3c(await collection(all, 4));
    expect(back.errors).toEqual([]);
    expect(back.rulings).toEqual([
      {
        iri: `${iri}/ruling`,
        annotationId: ruled.id,
        annotationIri: iri,
        classification: ruling.classification,
        rationale: ruling.rationale,
        creatorId: ruling.by.id,
        creatorName: ruling.by.name,
        created: ruling.createdAt,
        modified: ruling.at,
      },
    ]);
  });

  it("reads another tool's ruling (plain text, one value, bodies it has no place for said) and refuses one without its class, with two, without a rationale, a creator or a target", () => {
    const good = toW3cRuling(ruling, `${BASE_URL}/api/annotations/${ruled.id}`, W3C_CONTEXT);
    const cls = good.body[0];
    const result = fromW3c([
      {
        ...good,
        motivation: ["moderating"],
        body: [
          { type: "TextualBody", value: " Opinion ", purpose: "classifying" },
          { type: "TextualBody", value: "No source is given." },
          { type: "TextualBody", value: "unsourced", purpose: "tagging" },
          { type: "SpecificResource", source: "https://example.org/policy", purpose: "linking" },
        ],
      },
      { ...good, body: [good.body[1]] },
      { ...good, body: [cls, { type: "TextualBody", value: "sourced", purpose: "classifying" }, good.body[1]] },
      { ...good, body: [cls, { type: "TextualBody", value: "  ", purpose: "commenting" }, { type: "TextualBody", value: "A reason filed elsewhere", purpose: "describing" }] },
      { ...good, creator: undefined },
      { ...good, target: undefined },
    ]);
    expect(result.rulings.map((r) => [r.classification, r.rationale])).toEqual([
      ["opinion", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "No source is given." }] }] }],
    ]);
    expect(result.errors).toEqual([
      `item 1 (${good.id}): a body with purpose tagging ("unsourced") left out: a ruling here has a class and a rationale only`,
      `item 1 (${good.id}): a body with purpose linking (https://example.org/policy) left out: a ruling here has a class and a rationale only`,
      `item 2 (${good.id}): ruling without exactly one body with purpose classifying and value sourced, contested, opinion (none); skipped`,
      `item 3 (${good.id}): ruling without exactly one body with purpose classifying and value sourced, contested, opinion ("contested", "sourced"); skipped`,
      `item 4 (${good.id}): ruling without a rationale (a textual body without a purpose or with purpose commenting): a ruling here says why; skipped`,
      `item 4 (${good.id}): a body with purpose describing ("A reason filed elsewhere") left out: a ruling here has a class and a rationale only`,
      `item 5 (${good.id}): ruling without a creator: a ruling here says which editor made it; skipped`,
      `item 6 (${good.id}): ruling without a target annotation IRI; skipped`,
    ]);
  });
});

describe("W3C export: the serialiser of the corpus export (w3cItemsJson)", () => {
  const TRICKY = ['a "quote" \\ back', "tab\tnew\nline\u0000\u001f\u007f", "pair 😀 𝔄 and lone \ud800 x \udc00", "\u2028\u2029 “curly” — dash", "<b>&amp;</b>"];
  const note = (text: string) => JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text, marks: [{ type: "bold" }] }] }] });
  const people: PeopleLookup = (id) => (id === "ghost" ? undefined : { name: `Name of ${id} ${TRICKY[id.length % TRICKY.length]}` });
  const at = (day: string) => `2024-${day}T10:00:00.000Z`;
  const record = (i: number, over: Partial<AnnotationRecord> = {}): AnnotationRecord => ({
    id: `a-${i} "q" 😀/x?y#z`, // ids go into IRIs, where a lone surrogate cannot (encodeURIComponent refuses it)
    documentId: i % 2 ? "doc/1" : "doc 2",
    authorId: i % 3 ? "rosa" : "ghost",
    start: i,
    end: i + 5,
    quote: TRICKY[i % TRICKY.length],
    prefix: i % 2 ? TRICKY[(i + 1) % TRICKY.length] : "",
    suffix: i % 3 ? "" : TRICKY[(i + 2) % TRICKY.length],
    classification: CLASSIFICATIONS[i % 3],
    note: i % 4 ? note(TRICKY[i % TRICKY.length]) : JSON.stringify({ type: "doc", content: [{ type: "paragraph" }] }),
    noteText: TRICKY[i % TRICKY.length],
    version: 1 + (i % 2),
    createdAt: at("02-29"),
    updatedAt: at("12-31"),
    deletedAt: null,
    deletedById: null,
    suggestionKind: null,
    suggestionReason: null,
    evidence: [],
    verdicts: [],
    replyCount: 0,
    ruling: null,
    anchorState: "exact",
    anchorVersion: 1,
    anchorDetail: null,
    ...over,
  });
  const verdict = (reviewerId: string, over: Partial<VerdictRecord> = {}): VerdictRecord => ({
    annotationId: "x",
    reviewerId,
    verdict: "dispute",
    proposedClass: "opinion",
    createdAt: at("03-01"),
    updatedAt: at("03-02"),
    resolvedAt: null,
    resolution: null,
    ...over,
  });
  const reply = (id: string, body: string, authorId = "victor"): ReplyRecord => ({ id, annotationId: "x", authorId, body, bodyText: "", createdAt: at("04-30"), updatedAt: at("06-30") });
  const RECORDS: Array<[AnnotationRecord, ReplyRecord[]]> = [
    [record(0), []],
    [record(1, { evidence: [{ citation: TRICKY[0], url: "https://de.example.org/wiki/Müller page" }, { url: "https://example.org/a?b=c" }, { citation: TRICKY[2] }] }), [reply("r 1", note(TRICKY[1])), reply("r/2", note(""), "ghost")]],
    [record(2, { anchorState: "orphaned", anchorVersion: 2, anchorDetail: { previousQuote: "old", resolution: { action: "left-orphaned", byId: "ada", at: at("05-05") } } }), []],
    [record(3, { anchorState: "fuzzy", anchorVersion: 3, anchorDetail: { score: 0.75 }, suggestionKind: "check-sourcing", suggestionReason: TRICKY[3] }), []],
    [
      record(4, {
        verdicts: [verdict("victor"), verdict("ghost", { verdict: "agree", proposedClass: null }), verdict("ada", { resolvedAt: at("07-07"), resolution: "adopted" }), verdict("bo b", { proposedClass: null })],
        ruling: { annotationId: "x", editorId: "ada", classification: "sourced", rationale: note(TRICKY[4]), rationaleText: TRICKY[4], createdAt: at("08-08"), updatedAt: at("09-09") },
      }),
      [reply("r3", note(TRICKY[2]))],
    ],
    // times the stores could return in another form go through Date as the mapping does
    [record(5, { createdAt: "2024-05-01T10:00:00Z", updatedAt: "2024-05-01T12:00:00.000+02:00" }), []],
  ];

  it("writes each item exactly as JSON.stringify of the mapping (w3cItemsFor of the API's shapes)", () => {
    const ctx = { ...W3C_CONTEXT, versionDate: (documentId: string, version: number) => (version === 3 ? undefined : `2024-0${version}-01T00:00:00.000+00:00 ${documentId}`.split(" ")[0]) };
    for (const context of [W3C_CONTEXT, ctx]) {
      const agent = (id: string) => w3cAgentJson(context, id, people(id)?.name ?? "Unknown reviewer");
      for (const [r, replies] of RECORDS) {
        const expected = w3cItemsFor(
          toAnnotationDTO(r, people),
          replies.map((x) => toReplyDTO(x, people)),
          context,
        ).map((item) => JSON.stringify(item));
        expect(w3cItemsJson(r, replies, context, agent)).toEqual(expected);
      }
    }
  });

  it("toUtcDateTime returns a time already in its form unchanged and sends anything else through Date", () => {
    const dates = ["2024-02-29T23:59:59.999Z", "2023-02-28T00:00:00.000Z", "2000-02-29T01:02:03.004Z", "2024-04-30T10:00:00.000Z", "2024-12-31T10:00:00.000Z", "2024-01-31T10:00:00.000Z"];
    for (const d of dates) expect(toUtcDateTime(d)).toBe(new Date(d).toISOString());
    // not a day of its month, not canonical: whatever Date makes of it (or its error)
    for (const d of ["2023-02-29T00:00:00.000Z", "1900-02-29T00:00:00.000Z", "2024-04-31T00:00:00.000Z", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000+02:00", "2024-05-01 10:00:00"]) {
      const viaDate = (() => {
        try {
          return new Date(d).toISOString();
        } catch (error) {
          return String(error);
        }
      })();
      const fast = (() => {
        try {
          return toUtcDateTime(d);
        } catch (error) {
          return viaDate.startsWith("RangeError") ? viaDate : String(error);
        }
      })();
      expect(fast).toBe(viaDate);
    }
  });
});
