// GET /api/documents/[id]/spans[?packed=gzip] — every highlight of the document as compact tuples
// (SpanTuple), with the authors they index: what the reader page fetches when a document has too many to
// send with the page (packed: the same JSON gzipped, as application/gzip; lib/http/tagged-json.ts).
// Answered with an ETag; a browser that has the same spans gets 304 Not Modified.
import { z } from "zod";
import { apiRoute, parseInput, readQuery, otherMethods } from "@/lib/http/api";
import { taggedJson } from "@/lib/http/tagged-json";
import { findDocumentSpans } from "@/lib/annotations/service";

const paramsSchema = z.object({ id: z.string().min(1).max(100) });
const querySchema = z.object({ packed: z.literal("gzip").optional() }).strict();

export const GET = apiRoute<{ id: string }>(async ({ req, params }) => {
  const { id } = parseInput(paramsSchema, params);
  const { packed } = readQuery(req, querySchema);
  const { page, tag } = await findDocumentSpans({ documentId: id });
  // The spans are already JSON text: written into the answer as they are, not parsed and serialized again.
  const build = () => `{"authors":${JSON.stringify(page.authors)},"spans":${page.spans}}`;
  return taggedJson(req, { key: `spans\u0000${id}`, tag, packed: packed === "gzip", build });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
