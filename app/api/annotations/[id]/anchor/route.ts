// POST /api/annotations/[id]/anchor — the author, an editor or an admin fixes where an annotation is on the current
//   version: { start, end, quote } places it by hand (validated like a create), { confirm: true } accepts a
//   fuzzy placement, { orphan: true, note? } leaves it orphaned with a note → the annotation.
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { anchorInputSchema } from "@/lib/annotations/schemas";
import { anchorAnnotation } from "@/lib/annotations/anchoring";

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const input = await readJson(req, anchorInputSchema);
  return anchorAnnotation({ user, id: params.id, input });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
