// PATCH|DELETE /api/replies/[id] — the author edits a reply ({ body, replaces? }: 409 when `replaces` is not
// the reply's updatedAt now); the author or an admin deletes it (an admin's deletion of another's is audited).
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { replyUpdateSchema } from "@/lib/annotations/schemas";
import { deleteReply, updateReply } from "@/lib/annotations/discussion";

export const PATCH = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const { body, replaces } = await readJson(req, replyUpdateSchema);
  return updateReply({ user, id: params.id, body, replaces });
});

export const DELETE = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  await deleteReply({ user, id: params.id, ip: clientIp(req.headers) });
});

export const { GET, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");
