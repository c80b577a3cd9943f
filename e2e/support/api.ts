import { expect, type APIRequestContext } from "@playwright/test";

export async function documentByTitle(api: APIRequestContext, title: string): Promise<{ id: string; text: string }> {
  const { documents } = (await (await api.get("/api/documents?pageSize=100")).json()) as { documents: Array<{ id: string; title: string }> };
  const doc = documents.find((d) => d.title === title);
  expect(doc, title).toBeTruthy();
  const { text } = (await (await api.get(`/api/documents/${doc!.id}`)).json()) as { text: string };
  return { id: doc!.id, text };
}

/** Create an annotation on the first occurrence of `phrase` (offsets in code points, as the API wants). */
export async function annotate(
  api: APIRequestContext,
  doc: { id: string; text: string },
  phrase: string,
  classification: "sourced" | "contested" | "opinion",
  extra: Record<string, unknown> = {},
) {
  const i = doc.text.indexOf(phrase);
  expect(i, phrase).toBeGreaterThanOrEqual(0);
  const start = [...doc.text.slice(0, i)].length;
  const res = await api.post(`/api/documents/${doc.id}/annotations`, {
    data: { start, end: start + [...phrase].length, quote: phrase, classification, evidence: [], ...extra },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; start: number; end: number; quote: string };
}

/** A new document of our own (a unique text, so no other spec touches it). */
export async function createDocument(api: APIRequestContext, title: string, text: string): Promise<{ id: string; text: string }> {
  const res = await api.post("/api/documents", { data: { title, kind: "report", text } });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  return { id, text };
}

/** A readable text of `paragraphs` paragraphs, unique to this run (it carries `tag`). */
export function sampleText(tag: string, paragraphs = 24): string {
  const sentences = [
    "The committee met in February 1917 and agreed on a common programme.",
    "According to the minutes, nineteen delegates voted for the motion and four against it.",
    "Critics later argued that the figures had been inflated by the organisers.",
    "The newspaper printed the resolution on its front page the following morning.",
    "Several historians consider this meeting the turning point of the whole campaign.",
    "Others think the decision was taken weeks earlier, in private, by a handful of leaders.",
  ];
  return Array.from({ length: paragraphs }, (_, i) =>
    [`Paragraph ${i + 1} (${tag}).`, ...sentences.map((_, j) => sentences[(i + j) % sentences.length])].join(" "),
  ).join("\n\n");
}
