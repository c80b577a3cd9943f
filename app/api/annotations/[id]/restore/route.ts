// POST /api/annotations/[id]/restore — an admin brings back a deleted annotation (audited).
import { apiRoute, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { restoreAnnotation } from "@/lib/annotations/service";

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => restoreAnnotation({ user, id: params.id, ip: clientIp(req.headers) }), {
  roles: ["admin"],
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
