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
