// POST /api/documents/[id]/restore — undo a soft delete (admins) → the document's metadata.
import { apiRoute, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { restoreDocument } from "@/lib/documents/service";

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) =>
  restoreDocument({ user, id: params.id, ip: clientIp(req.headers) }),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
