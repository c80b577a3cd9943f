// GET /api/documents/[id]/summary — the document's reliability summary and its strip (README.md, "Summary definitions"),
// of its current text, which it names (version, textSha256); ?version=N of another version is refused (422), not
// answered with the current one's figures.
import { z } from "zod";
import { apiRoute, parseInput, readQuery, otherMethods } from "@/lib/http/api";
import { summaryQuerySchema } from "@/lib/documents/schemas";
import { summarizeDocument } from "@/lib/summary/service";

const paramsSchema = z.object({ id: z.string().min(1).max(100) });

export const GET = apiRoute<{ id: string }>(async ({ req, params }) => {
  const { id } = parseInput(paramsSchema, params);
  return summarizeDocument(id, readQuery(req, summaryQuerySchema).version);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
