// Document structure and suggested claims through the API (the reader that renders them is tested
// with the reader): an uploaded HTML page keeps its headings, lists, link URLs and footnotes as ranges
// over the stored text; documents stored before structures were keep their text and hash and get a
// structure on first read; an annotation across a link and a heading quotes exactly its code points;
// suggested claims are offered per reviewer, dismissed per reviewer, and accepted as annotations that
// say where they came from; the native export carries both.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./support/auth";
import { sql } from "./support/db";
import { ACCOUNTS } from "./support/env";

test.describe.configure({ mode: "serial" });

const RUN = crypto.randomUUID().slice(0, 8);

interface Range {
  type: string;
  start: number;
  end: number;
  level?: number;
  url?: string;
  label?: string;
  note?: string;
  id?: string;
  ordered?: boolean;
}
interface Structure {
  version: number;
  truncated: boolean;
  ranges: Range[];
}
interface Suggestion {
  start: number;
  end: number;
  quote: string;
  kind: "likely-sourced" | "likely-opinion" | "check-sourcing";
  suggestedClass: string;
  reason: string;
  signals: Array<{ type: string; text: string; start: number; end: number }>;
  dismissed: boolean;
  annotated: boolean;
}
interface Suggestions {
  documentId: string;
  version: number;
  suggestions: Suggestion[];
  counts: { total: number; annotated: number; dismissed: number };
  truncated: boolean;
}

/** The code point slice of a text (what every offset of the API counts). */
const slice = (text: string, r: { start: number; end: number }) => [...text].slice(r.start, r.end).join("");
/** Code point offsets of the first occurrence of `phrase`. */
function spanOf(text: string, phrase: string) {
  const i = text.indexOf(phrase);
  expect(i, phrase).toBeGreaterThanOrEqual(0);
  const start = [...text.slice(0, i)].length;
  return { start, end: start + [...phrase].length };
}

let rosa: APIRequestContext;
let victor: APIRequestContext;
let admin: APIRequestContext;
/** The uploaded page: its id and stored text. */
let page: { id: string; text: string };

async function json<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>, status = 200): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

test.beforeAll(async () => {
  [rosa, victor, admin] = await Promise.all([apiAs(ACCOUNTS.rosa), apiAs(ACCOUNTS.victor), apiAs(ACCOUNTS.admin)]);
});

test.afterAll(async () => {
  await Promise.all([rosa?.dispose(), victor?.dispose(), admin?.dispose()]);
});

test("an uploaded HTML page keeps its headings, list, the link's URL and the footnote linked to its note; the nav bar is dropped", async () => {
  // The fixture page (nav bar, cookie banner, headings, a list, a link, a footnote, a share bar, a footer),
  // with this run's tag and a character outside the BMP in its title, so code points and UTF-16 differ after it.
  const html = fs
    .readFileSync(path.join("e2e", "fixtures", "dock-strike-article.html"), "utf8")
    .replace("<h1>Dockworkers walk out over pay</h1>", `<h1>Dockworkers walk out over pay 𝔇 ${RUN}</h1>`);
  const added = await json<{ id: string; boilerplate: { applied: boolean } }>(
    await rosa.post("/api/documents", {
      multipart: { title: `Dock strike ${RUN}`, kind: "newspaper", file: { name: "dock-strike.html", mimeType: "text/html", buffer: Buffer.from(html) } },
    }),
    201,
  );
  expect(added.boilerplate.applied).toBe(true);
  const doc = await json<{ text: string; length: number }>(await rosa.get(`/api/documents/${added.id}`));
  page = { id: added.id, text: doc.text };
  expect(doc.text).not.toContain("Home | About");
  expect(doc.text).not.toContain("cookies");

  const body = await json<{ documentId: string; version: number; structure: Structure }>(await victor.get(`/api/documents/${added.id}/structure`));
  expect(body).toMatchObject({ documentId: added.id, version: 1, structure: { version: 1, truncated: false } });
  const { ranges } = body.structure;
  const of = (type: string) => ranges.filter((r) => r.type === type);
  for (const r of ranges) {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeLessThanOrEqual(doc.length);
  }
  expect(of("heading").map((r) => [slice(doc.text, r), r.level])).toEqual([
    [`Dockworkers walk out over pay 𝔇 ${RUN}`, 1],
    ["What the union demands", 2],
    ["The port authority's answer", 2],
    ["Notes", 2],
  ]);
  expect(of("listItem").slice(0, 3).map((r) => slice(doc.text, r))).toEqual([
    "• a pay rise in line with inflation;",
    "• an end to zero-hour contracts;",
    "• safety inspections of the new cranes.",
  ]);
  expect(of("link").map((r) => [slice(doc.text, r), r.url])).toEqual([["the union's website", "https://union.example.org/leaflets/2024-05"]]);
  const [citation] = of("citation");
  const [note] = of("note");
  expect(slice(doc.text, citation)).toBe("[1]");
  expect(citation.note).toBe(note.id);
  expect(slice(doc.text, note)).toBe("Union statement of 6 May 2024, read out at the north gate.");
  // No range of the dropped boilerplate, and no link that is not http(s) or mailto.
  for (const link of of("link")) expect(link.url).toMatch(/^(https?|mailto):/);
});

test("an annotation across a link and a heading quotes exactly the code points between its offsets", async () => {
  const phrase = "the union's website. I think the demands are modest.\n\nThe port authority's answer";
  const span = spanOf(page.text, phrase);
  // It starts inside the link and ends at the end of a heading.
  const { structure } = await json<{ structure: Structure }>(await rosa.get(`/api/documents/${page.id}/structure`));
  const link = structure.ranges.find((r) => r.type === "link")!;
  const heading = structure.ranges.find((r) => r.type === "heading" && slice(page.text, r) === "The port authority's answer")!;
  expect(span.start).toBe(link.start);
  expect(span.end).toBe(heading.end);
  expect(span.start).toBeLessThan(page.text.indexOf(phrase)); // after the astral character: code points, not UTF-16

  const created = await json<{ id: string; start: number; end: number; quote: string }>(
    await rosa.post(`/api/documents/${page.id}/annotations`, { data: { ...span, quote: phrase, classification: "opinion" } }),
    201,
  );
  expect(created).toMatchObject({ ...span, quote: phrase });
  const { annotations } = await json<{ annotations: Array<{ id: string; quote: string; start: number; end: number }> }>(await victor.get(`/api/documents/${page.id}/annotations`));
  const listed = annotations.find((a) => a.id === created.id)!;
  expect(slice(page.text, listed)).toBe(phrase);
  expect(listed.quote).toBe(phrase);
  // UTF-16 offsets of the same passage are refused, not stored shifted.
  const utf16 = page.text.indexOf(phrase);
  const refused = await rosa.post(`/api/documents/${page.id}/annotations`, {
    data: { start: utf16, end: utf16 + phrase.length, quote: phrase, classification: "opinion" },
  });
  expect(refused.status()).toBe(422);
});

test("documents stored before structures were keep their text and SHA-256, and get their structure on first read", async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join("seeds", "manifest.json"), "utf8")) as { documents: Array<{ file: string; title: string }> };
  const { documents } = await json<{ documents: Array<{ id: string; title: string; textHash: string }> }>(await rosa.get("/api/documents?pageSize=100"));
  for (const entry of manifest.documents) {
    const bytes = fs.readFileSync(path.join("seeds", entry.file));
    const hash = crypto.createHash("sha256").update(bytes).digest("hex");
    const listed = documents.find((d) => d.title === entry.title)!;
    expect(listed.textHash, entry.title).toBe(hash);
    // As in a database of before: no stored structure.
    await sql(`DELETE FROM "DocumentStructure" WHERE "documentId" = ?`, [listed.id]);
    const { structure } = await json<{ structure: Structure }>(await victor.get(`/api/documents/${listed.id}/structure`));
    const doc = await json<{ text: string; textHash: string; length: number }>(await victor.get(`/api/documents/${listed.id}`));
    expect(doc.text).toBe(bytes.toString("utf8"));
    expect(crypto.createHash("sha256").update(doc.text, "utf8").digest("hex")).toBe(hash);
    expect(doc.textHash).toBe(hash);
    // Paragraphs cover the text's paragraphs; nothing reaches past its end.
    expect(structure.ranges.some((r) => r.type === "paragraph")).toBe(true);
    for (const r of structure.ranges) expect(r.end).toBeLessThanOrEqual(doc.length);
    const stored = await sql<{ structure: string }>(`SELECT "structure" FROM "DocumentStructure" WHERE "documentId" = ? AND "version" = 1`, [listed.id]);
    // Saved on that first read (unless this server had read it before the rows were deleted, and serves it from memory).
    if (stored.rows.length) expect(JSON.parse(stored.rows[0].structure)).toEqual(structure);
  }
});

test("Anti-Stalinist left: all 107 citation markers are recognised, and the sentences carrying them are suggested as likely sourced", async () => {
  const { documents } = await json<{ documents: Array<{ id: string; title: string }> }>(await rosa.get("/api/documents?pageSize=100"));
  const id = documents.find((d) => d.title === "Anti-Stalinist left")!.id;
  const { text } = await json<{ text: string }>(await rosa.get(`/api/documents/${id}`));
  const { structure } = await json<{ structure: Structure }>(await rosa.get(`/api/documents/${id}/structure`));
  const markers = structure.ranges.filter((r) => r.type === "citation");
  expect(markers).toHaveLength(107);
  expect(new Set(markers.map((m) => m.label)).size).toBe(66);
  for (const m of markers) expect(slice(text, m)).toBe(`[${m.label}]`);

  // Other specs annotate this seed, which leaves those sentences out of what is offered: ask for them too.
  const all = await json<Suggestions>(await rosa.get(`/api/documents/${id}/suggestions?annotated=1&dismissed=1`));
  expect(all.suggestions).toHaveLength(all.counts.total);
  for (const m of markers) {
    const s = all.suggestions.find((x) => x.start <= m.start && m.end <= x.end);
    expect(s?.kind, `marker [${m.label}] at ${m.start}`).toBe("likely-sourced");
    expect(s!.suggestedClass).toBe("sourced");
    expect(s!.reason).toContain(`[${m.label}]`);
    expect(s!.quote).toBe(slice(text, s!));
  }
  const firstSourced = all.suggestions.find((s) => s.kind === "likely-sourced")!;
  expect(firstSourced.quote).toBe("In Western historiography, Stalin is considered one of the worst and most notorious figures in modern history. [1] [2] [3] [4]");
  expect(firstSourced.reason).toBe("Likely sourced: it carries citation markers [1], [2], [3] and [4].");
  // What a reviewer is offered is that list without what is annotated (and what they dismissed).
  const offered = await json<Suggestions>(await rosa.get(`/api/documents/${id}/suggestions`));
  expect(offered.suggestions).toEqual(all.suggestions.filter((s) => !s.annotated && !s.dismissed));
});

test("suggestions: dismissed per reviewer (and brought back), accepted as an annotation that records why, gone once annotated", async () => {
  const get = async (who: APIRequestContext, query = "") => json<Suggestions>(await who.get(`/api/documents/${page.id}/suggestions${query}`));
  const first = await get(rosa);
  const byQuote = (list: Suggestion[], start: string) => list.find((s) => s.quote.startsWith(start));
  const sourced = byQuote(first.suggestions, "About 1,200 members joined the walkout")!;
  const check = byQuote(first.suggestions, "The port authority disputes the figures")!;
  expect(sourced).toMatchObject({ kind: "likely-sourced", suggestedClass: "sourced", dismissed: false });
  expect(sourced.quote).toBe("About 1,200 members joined the walkout, according to the union's own count.[1]");
  expect(sourced.reason).toBe("Likely sourced: it carries a citation marker [1].");
  expect(check).toMatchObject({ kind: "check-sourcing", suggestedClass: "contested" });
  expect(check.reason).toMatch(/^Check whether it is sourced: it states figures \(“400”\)/);
  // The sentence Rosa annotated in the last test but one ("I think the demands are modest.") is not offered.
  expect(byQuote(first.suggestions, "I think the demands")).toBeUndefined();
  expect(first.counts.annotated).toBeGreaterThanOrEqual(1);
  // Notes (the footnote itself) are not claims.
  expect(byQuote(first.suggestions, "Union statement of 6 May 2024")).toBeUndefined();

  // Rosa dismisses the check-sourcing one: gone for her, still there for Victor; twice is fine.
  for (let i = 0; i < 2; i++) {
    const res = await rosa.post(`/api/documents/${page.id}/suggestions/dismissals`, { data: { start: check.start, end: check.end } });
    expect(res.status(), await res.text()).toBe(204);
  }
  expect(byQuote((await get(rosa)).suggestions, "The port authority disputes")).toBeUndefined();
  expect((await get(rosa)).counts.dismissed).toBe(1);
  expect(byQuote((await get(victor)).suggestions, "The port authority disputes")).toBeDefined();
  expect(byQuote((await get(rosa, "?dismissed=1")).suggestions, "The port authority disputes")).toMatchObject({ dismissed: true });
  // Undo brings it back.
  expect((await rosa.delete(`/api/documents/${page.id}/suggestions/dismissals?start=${check.start}&end=${check.end}`)).status()).toBe(204);
  expect(byQuote((await get(rosa)).suggestions, "The port authority disputes")).toMatchObject({ dismissed: false });

  // Victor accepts the sourced one as it is: the annotation records the suggestion's kind and reason.
  const accepted = await json<{ id: string; quote: string; suggestion: { kind: string; reason: string } | null }>(
    await victor.post(`/api/documents/${page.id}/annotations`, {
      data: { start: sourced.start, end: sourced.end, quote: sourced.quote, classification: "sourced", fromSuggestion: true },
    }),
    201,
  );
  expect(accepted.suggestion).toEqual({ kind: "likely-sourced", reason: sourced.reason });
  expect((await json<{ suggestion: unknown }>(await rosa.get(`/api/annotations/${accepted.id}`))).suggestion).toEqual(accepted.suggestion);
  // Now annotated: offered to nobody.
  expect(byQuote((await get(rosa)).suggestions, "About 1,200 members")).toBeUndefined();
  expect(byQuote((await get(victor)).suggestions, "About 1,200 members")).toBeUndefined();

  // An annotation made without a suggestion says so.
  const plain = spanOf(page.text, "stopped work on Monday");
  const own = await json<{ suggestion: unknown }>(
    await rosa.post(`/api/documents/${page.id}/annotations`, { data: { ...plain, quote: "stopped work on Monday", classification: "sourced" } }),
    201,
  );
  expect(own.suggestion).toBeNull();
});

test("the native export carries the stored structure and where accepted annotations came from", async () => {
  const res = await rosa.get(`/api/documents/${page.id}/export?format=native`);
  const file = await json<{ documents: Array<{ structure: Structure; annotations: Array<{ quote: string; suggestion: { kind: string } | null }> }> }>(res);
  const [doc] = file.documents;
  const { structure } = await json<{ structure: Structure }>(await rosa.get(`/api/documents/${page.id}/structure`));
  expect(doc.structure).toEqual(structure);
  expect(doc.annotations.find((a) => a.quote.startsWith("About 1,200 members"))!.suggestion).toMatchObject({ kind: "likely-sourced" });
  expect(doc.annotations.find((a) => a.quote === "stopped work on Monday")!.suggestion).toBeNull();
});
