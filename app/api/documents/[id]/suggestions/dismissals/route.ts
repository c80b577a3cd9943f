// POST /api/documents/[id]/suggestions/dismissals { start, end } — the caller (admin, reviewer) dismisses
// the suggested claim with that span: it is no longer suggested to them (204; again: 204). 422 when no
// suggestion has that span.
// DELETE /api/documents/[id]/suggestions/dismissals?start=&end= — undo it (204, also when there was none).
import { apiRoute, readJson, readQuery, otherMethods } from "@/lib/http/api";
import { dismissalQuerySchema, dismissalSchema } from "@/lib/suggestions/schemas";
import { dismissSuggestion, undismissSuggestion } from "@/lib/suggestions/service";

const SMALL_BODY = 16 * 1024;

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const span = await readJson(req, dismissalSchema, SMALL_BODY);
  await dismissSuggestion({ user, documentId: params.id, ...span });
});

export const DELETE = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const span = readQuery(req, dismissalQuerySchema);
  await undismissSuggestion({ user, documentId: params.id, ...span });
});

export const { GET, PUT, PATCH, OPTIONS } = otherMethods("POST", "DELETE");
