import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/roles";
import { createDocument } from "@/lib/documents/service";
import { addVersion } from "@/lib/documents/versions";
import { anchorAnnotation } from "@/lib/annotations/anchoring";
import { createAnnotation, deleteAnnotation, restoreAnnotation, updateAnnotation } from "@/lib/annotations/service";
import { setVerdict } from "@/lib/annotations/discussion";
import { setRuling } from "@/lib/annotations/rulings";
import { spanOf } from "./__fixtures__/db-state";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import { isDateTime } from "@/lib/export/formats";
import { counts, firstDiff, parse, person, renderVersionsPage, roundTrip, strip } from "./__fixtures__/history";

let ada: CurrentUser, rosa: CurrentUser, victor: CurrentUser, edith: CurrentUser;
const tag = () => crypto.randomUUID().slice(0, 8);
const note = (t: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: t }] }] });

beforeAll(async () => {
  ada = await person("admin", "Ada");
  rosa = await person("reviewer", "Rosa");
  victor = await person("reviewer", "Victor");
  edith = await person("editor", "Edith");
});

async function newDoc(text: string, format: "text" | "html" | "markdown" = "text") {
  return createDocument({ text, metadata: { title: `History ${tag()}`, kind: "report" }, createdById: ada.id, format });
}
const annotate = async (who: CurrentUser, documentId: string, text: string, needle: string, occurrence = 0) =>
  (await createAnnotation({ user: who, documentId, input: { ...spanOf(text, needle, occurrence), classification: "sourced", evidence: [] } })).id;

const schemaOf = (name: string) => JSON.parse(readFileSync(new URL(`../export/${name}`, import.meta.url), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
ajv.addFormat("date-time", isDateTime);
ajv.addSchema(schemaOf("document-structure.v1.schema.json"));
const validateFile = ajv.compile(schemaOf("apparatus.export.v2.schema.json"));

function expectSame(f1: string, f2: string) {
  expect(validateFile(JSON.parse(f1)), JSON.stringify(validateFile.errors?.slice(0, 3))).toBe(true);
  const d = firstDiff(strip(f1), strip(f2));
  expect(d, JSON.stringify(d, null, 1)).toBeNull();
}

describe("round trips", () => {
  it("R1 many versions, a revert, html and markdown versions, many edits, created on later versions, replies/rulings/disputes", async () => {
    const t = tag();
    const v1 = `[${t}] Alpha one. Beta two. Gamma three. Delta four.`;
    const doc = await newDoc(v1);
    const a = await annotate(rosa, doc.id, v1, "Beta two.");
    const b = await annotate(victor, doc.id, v1, "Gamma three.");
    for (let k = 0; k < 6; k++) await updateAnnotation({ user: rosa, id: a, input: { classification: k % 2 ? "opinion" : "contested", note: note(`edit ${k} 📜`), evidence: [{ citation: `c${k}` }] } });
    await setVerdict({ user: victor, annotationId: a, verdict: "dispute", proposedClass: "sourced" });
    await setRuling({ user: edith, annotationId: b, classification: "contested", rationale: note("ruled") });
    const v2 = v1.replace("Gamma three.", "Gamma 3.");
    await addVersion({ user: victor, documentId: doc.id, input: { text: v2, format: "text" }, note: "v2" });
    const c = await annotate(victor, doc.id, v2, "Delta four.");
    await addVersion({ user: rosa, documentId: doc.id, input: { text: `<h1>T</h1><p>${v2}</p><ul><li>x</li></ul>`, format: "html" }, note: null });
    await addVersion({ user: rosa, documentId: doc.id, input: { text: `# T\n\n${v1}\n\n- *x*`, format: "markdown" }, note: "md" });
    // revert to version 1's text
    await addVersion({ user: ada, documentId: doc.id, input: { text: v1, format: "text" }, note: "revert" });
    await updateAnnotation({ user: victor, id: c, input: { classification: "opinion" } });
    const { f1, f2, report } = await roundTrip(doc.id);
    expect(report.warnings).toEqual([]);
    expect(parse(f1).documents[0].versions!.length).toBe(5);
    expectSame(f1, f2);
    await renderVersionsPage(doc.id);
  });

  it("R2 a fuzzy placement confirmed on the current version (no later version)", async () => {
    const t = tag();
    const v1 = `[${t}] The dockers struck for a week. Then nothing.`;
    const doc = await newDoc(v1);
    const a = await annotate(rosa, doc.id, v1, "The dockers struck for a week.");
    await addVersion({ user: victor, documentId: doc.id, input: { text: v1.replace("for a week", "for a whole week"), format: "text" }, note: null });
    await anchorAnnotation({ user: rosa, id: a, input: { confirm: true } as never });
    const { f1, f2, report } = await roundTrip(doc.id);
    expect(report.warnings).toEqual([]);
    expect(parse(f1).documents[0].annotations[0].anchor).toMatchObject({ state: "exact", resolution: { action: "confirmed" } });
    expectSame(f1, f2);
  });

  it("R3 re-placed by hand on version 1 (document never got a second version)", async () => {
    const t = tag();
    const v1 = `[${t}] One passage here. Another passage there.`;
    const doc = await newDoc(v1);
    const a = await annotate(rosa, doc.id, v1, "One passage here.");
    await anchorAnnotation({ user: rosa, id: a, input: spanOf(v1, "Another passage there.") as never });
    const { f1, f2 } = await roundTrip(doc.id);
    const ann = parse(f1).documents[0].annotations[0];
    expect(ann.placements!.length).toBe(1);
    expect(ann.anchor!.resolution?.action).toBe("re-placed");
    expectSame(f1, f2);
  });

  it("R4 left orphaned with a note by a person while its passage is still in the text (a fuzzy one)", async () => {
    const t = tag();
    const v1 = `[${t}] The dockers struck for a week. Then nothing.`;
    const doc = await newDoc(v1);
    const a = await annotate(rosa, doc.id, v1, "The dockers struck for a week.");
    await addVersion({ user: victor, documentId: doc.id, input: { text: v1.replace("for a week", "for a whole week"), format: "text" }, note: null });
    await anchorAnnotation({ user: rosa, id: a, input: { orphan: true, note: "not the same claim" } as never });
    const { f1, f2, report } = await roundTrip(doc.id);
    expect(parse(f1).documents[0].annotations[0].anchor).toMatchObject({ state: "orphaned", resolution: { action: "left-orphaned", note: "not the same claim" } });
    expect(report.annotations.unplaced).toEqual([]);
    expectSame(f1, f2);
  });

  it("R5 left orphaned with a note on version 1 (passage present, exact)", async () => {
    const t = tag();
    const v1 = `[${t}] Keep this passage. And this.`;
    const doc = await newDoc(v1);
    const a = await annotate(rosa, doc.id, v1, "Keep this passage.");
    await anchorAnnotation({ user: rosa, id: a, input: { orphan: true, note: "wrong target" } as never });
    const { f1, f2 } = await roundTrip(doc.id);
    expectSame(f1, f2);
  });

  it("R6 two orphaned annotations whose creation order differs from their last positions", async () => {
    const t = tag();
    const v1 = `[${t}] First sentence goes. Middle stays. Last sentence goes too.`;
    const doc = await newDoc(v1);
    await annotate(rosa, doc.id, v1, "Last sentence goes too."); // created first, later in the text
    await annotate(rosa, doc.id, v1, "First sentence goes."); // created second, earlier in the text
    await addVersion({ user: victor, documentId: doc.id, input: { text: `[${t}] Middle stays.`, format: "text" }, note: null });
    const { f1, f2 } = await roundTrip(doc.id);
    expect(parse(f1).documents[0].annotations.map((x) => x.anchor!.state)).toEqual(["orphaned", "orphaned"]);
    expectSame(f1, f2);
  });

  it("R7 an annotation deleted, a version added while deleted, then restored", async () => {
    const t = tag();
    const v1 = `[${t}] Alpha one. Beta two. Gamma three.`;
    const doc = await newDoc(v1);
    const a = await annotate(rosa, doc.id, v1, "Beta two.");
    await updateAnnotation({ user: rosa, id: a, input: { classification: "opinion" } });
    await deleteAnnotation({ user: rosa, id: a });
    await addVersion({ user: victor, documentId: doc.id, input: { text: `Preface. ${v1}`, format: "text" }, note: null });
    await restoreAnnotation({ user: ada, id: a });
    const { f1, f2 } = await roundTrip(doc.id);
    expectSame(f1, f2);
    await renderVersionsPage(doc.id);
  });

  it("R8 moved and fuzzy (unconfirmed) annotations, then another version", async () => {
    const t = tag();
    const v1 = `[${t}] Alpha one. Beta two. Gamma three.`;
    const doc = await newDoc(v1);
    await annotate(rosa, doc.id, v1, "Beta two.");
    await annotate(rosa, doc.id, v1, "Gamma three.");
    await addVersion({ user: victor, documentId: doc.id, input: { text: `Preface. ${v1.replace("Gamma three.", "Gamma thre.")}`, format: "text" }, note: null });
    const { f1, f2 } = await roundTrip(doc.id);
    expect(parse(f1).documents[0].annotations.map((x) => x.anchor!.state)).toContain("fuzzy");
    expectSame(f1, f2);
    await renderVersionsPage(doc.id);
  });

  it("R10 a markdown version whose code points include astral characters and a structure", async () => {
    const t = tag();
    const v1 = `# 𝔄 title ${t}\n\nPara 📜 one [1].\n\n> quote 𝒷\n\n1. item\n2. [link](https://example.org)\n`;
    const doc = await createDocument({ text: "placeholder " + t, metadata: { title: `P ${t}`, kind: "report" }, createdById: ada.id, format: "text" });
    await addVersion({ user: victor, documentId: doc.id, input: { text: v1, format: "markdown" }, note: null });
    await addVersion({ user: victor, documentId: doc.id, input: { text: `<p>final ${t}</p>`, format: "html" }, note: null });
    const { f1, f2, report } = await roundTrip(doc.id);
    expect(report.warnings).toEqual([]);
    expectSame(f1, f2);
    expect((await counts(doc.id)).structures).toBe(3);
  });

  it("R11 texts that begin with U+FEFF (kept after an upload's byte-order mark was taken off) come back with it, annotations where they were", async () => {
    const t = tag();
    // A pasted or uploaded text loses one leading U+FEFF (its byte-order mark); a second one is content,
    // stored as this (createDocument stores what the upload's conversion made).
    const stored = `\uFEFFFirst ${t}. Second sentence here.`;
    const doc = await newDoc(stored);
    const a = await annotate(rosa, doc.id, stored, "Second sentence");
    const v2 = `\uFEFF\uFEFFFirst ${t}. Second sentence here, now longer.`;
    await addVersion({ user: victor, documentId: doc.id, input: { text: v2, format: "text" }, note: null });
    const { f1, f2, report } = await roundTrip(doc.id);
    expect(report.warnings).toEqual([]);
    expectSame(f1, f2);
    const file = parse(f2);
    expect(file.documents[0].versions?.[0].text).toBe(stored);
    expect(file.documents[0].text).toBe(v2.slice(1));
    expect(file.documents[0].annotations.find((x) => x.id === a)?.anchor?.state).toBe("exact");
  });
});
