// PATCH|DELETE /api/replies/[id] — the author edits a reply ({ body, replaces? }: 409 when `replaces` is not
// the reply's updatedAt now); the author or an admin deletes it.
import { apiRoute, readJson } from "@/lib/http/api";
import { replyUpdateSchema } from "@/lib/annotations/schemas";
import { deleteReply, updateReply } from "@/lib/annotations/discussion";

export const PATCH = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const { body, replaces } = await readJson(req, replyUpdateSchema);
  return updateReply({ user, id: params.id, body, replaces });
});

export const DELETE = apiRoute<{ id: string }>(async ({ user, params }) => {
  await deleteReply({ user, id: params.id });
});
