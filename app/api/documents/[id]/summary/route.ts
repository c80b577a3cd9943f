// GET /api/documents/[id]/summary — the document's reliability summary and its strip (README.md, "Summary definitions").
import { z } from "zod";
import { apiRoute, parseInput, otherMethods } from "@/lib/http/api";
import { summarizeDocument } from "@/lib/summary/service";

const paramsSchema = z.object({ id: z.string().min(1).max(100) });

export const GET = apiRoute<{ id: string }>(async ({ params }) => {
  const { id } = parseInput(paramsSchema, params);
  return summarizeDocument(id);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
