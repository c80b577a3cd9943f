// DELETE /api/tokens/[id] — revoke a token: one's own, or anyone's for an admin → 200 with the revoked token.
import { apiRoute, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { revokeToken } from "@/lib/tokens/service";

export const DELETE = apiRoute<{ id: string }>(async ({ req, user, params }) =>
  revokeToken({ user, id: params.id, ip: clientIp(req.headers) }),
);

export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
