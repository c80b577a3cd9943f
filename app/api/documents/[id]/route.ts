// GET /api/documents/[id] — metadata and text (admins: ?deleted=1 also finds a deleted document).
// PATCH /api/documents/[id] — change metadata (admins); the text can never change.
// DELETE /api/documents/[id] — soft delete (admins); undo with POST /api/documents/[id]/restore.
import { apiRoute, readJson } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { deleteDocument, findDocument, updateDocumentMetadata } from "@/lib/documents/service";
import { documentMetadataPatchSchema } from "@/lib/documents/schemas";
import { isAdmin } from "@/lib/auth/roles";
import { forbidden } from "@/lib/errors";

export const GET = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const includeDeleted = new URL(req.url).searchParams.get("deleted") === "1" && isAdmin(user);
  return findDocument(params.id, { includeDeleted });
});

export const PATCH = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  if (!isAdmin(user)) throw forbidden("Only admins can edit documents.");
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `text` is only there to be refused
  const { text, ...changes } = await readJson(req, documentMetadataPatchSchema);
  return updateDocumentMetadata({ user, id: params.id, changes });
});

export const DELETE = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  await deleteDocument({ user, id: params.id, ip: clientIp(req.headers) });
});
