// PATCH|DELETE /api/replies/[id] — the author edits a reply; the author or an admin deletes it.
import { apiRoute, readJson } from "@/lib/http/api";
import { replySchema } from "@/lib/annotations/schemas";
import { deleteReply, updateReply } from "@/lib/annotations/discussion";

export const PATCH = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const { body } = await readJson(req, replySchema);
  return updateReply({ user, id: params.id, body });
});

export const DELETE = apiRoute<{ id: string }>(async ({ user, params }) => {
  await deleteReply({ user, id: params.id });
});
