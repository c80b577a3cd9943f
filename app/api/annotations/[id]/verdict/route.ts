// PUT|DELETE /api/annotations/[id]/verdict — the caller's verdict (agree / dispute with a class); returns the annotation.
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { verdictSchema } from "@/lib/annotations/schemas";
import { removeVerdict, setVerdict } from "@/lib/annotations/discussion";

export const PUT = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const input = await readJson(req, verdictSchema);
  return setVerdict({ user, annotationId: params.id, verdict: input.verdict, proposedClass: input.proposedClass ?? null });
});

export const DELETE = apiRoute<{ id: string }>(async ({ user, params }) => removeVerdict({ user, annotationId: params.id }));

export const { GET, POST, PATCH, OPTIONS } = otherMethods("PUT", "DELETE");
