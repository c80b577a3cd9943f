// GET /api/documents/[id]/suggestions[?dismissed=1][&annotated=1] — the document's suggested claims for
// the caller, in document order: { documentId, version, suggestions: [{ start, end, quote, kind,
// suggestedClass, reason, signals, dismissed, annotated }], counts: { total, annotated, dismissed },
// truncated }. Passages anyone annotated already and the caller's dismissals are left out (?dismissed=1,
// ?annotated=1 keep them, marked). Any role.
import { apiRoute, readQuery, otherMethods } from "@/lib/http/api";
import { suggestionsQuerySchema } from "@/lib/suggestions/schemas";
import { listSuggestions } from "@/lib/suggestions/service";

export const GET = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const { includeDismissed, includeAnnotated } = readQuery(req, suggestionsQuerySchema);
  return listSuggestions({ user, documentId: params.id, includeDismissed, includeAnnotated });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
