// GET /api/documents/[id] — metadata and the current version's text (admins: ?deleted=1 also finds a deleted
//   document); ?version=N: the text of version N instead (with `version` N and `currentVersion`).
// PATCH /api/documents/[id] — change metadata (admins; `previous`: the values seen, a field changed
//   meanwhile is a 409); the text changes only by a new version (POST /api/documents/[id]/versions).
// DELETE /api/documents/[id] — soft delete (admins); undo with POST /api/documents/[id]/restore.
import { apiRoute, readJson, readQuery, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { deleteDocument, findDocument, updateDocumentMetadata } from "@/lib/documents/service";
import { documentMetadataPatchSchema, documentQuerySchema } from "@/lib/documents/schemas";
import { findDocumentVersion } from "@/lib/documents/versions";
import { isAdmin } from "@/lib/auth/roles";
import { forbidden } from "@/lib/errors";

export const GET = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const query = readQuery(req, documentQuerySchema);
  if (query.version !== undefined) return findDocumentVersion({ documentId: params.id, number: query.version });
  const includeDeleted = query.deleted === "1" && isAdmin(user);
  const doc = await findDocument(params.id, { includeDeleted });
  return { ...doc, currentVersion: doc.version };
});

export const PATCH = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  if (!isAdmin(user)) throw forbidden("Only admins can edit documents.");
  // `text` is left out of the changes: it is only there to be refused
  const { text, previous, ...changes } = await readJson(req, documentMetadataPatchSchema);
  return updateDocumentMetadata({ user, id: params.id, changes, previous, ip: clientIp(req.headers) });
});

export const DELETE = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  await deleteDocument({ user, id: params.id, ip: clientIp(req.headers) });
});

export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
