// PUT|DELETE /api/annotations/[id]/ruling — an editor's or admin's ruling on someone else's annotation:
// { classification, rationale, replaces? } records or changes it (409 when `replaces` is not the ruling there
// now), DELETE ?replaces= withdraws it (409 when the ruling there now is another); both return the annotation.
import { apiRoute, readJson, readQuery, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { rulingSchema, withdrawRulingQuerySchema } from "@/lib/annotations/schemas";
import { setRuling, withdrawRuling } from "@/lib/annotations/rulings";

export const PUT = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const input = await readJson(req, rulingSchema);
  return setRuling({ user, annotationId: params.id, ...input, ip: clientIp(req.headers) });
});

export const DELETE = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const { replaces } = readQuery(req, withdrawRulingQuerySchema);
  return withdrawRuling({ user, annotationId: params.id, replaces, ip: clientIp(req.headers) });
});

export const { GET, POST, PATCH, OPTIONS } = otherMethods("PUT", "DELETE");
