// POST /api/users/[id]/password — an admin sets a new password { password, activate? } (≥ 10 characters); the user's
// sessions end; with activate: true an inactive account (one an import made has no password until now) is activated too.
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { resetPasswordSchema } from "@/lib/users/schemas";
import { resetPassword } from "@/lib/users/service";

export const POST = apiRoute<{ id: string }>(
  async ({ req, user, params }) => {
    const { password, activate } = await readJson(req, resetPasswordSchema, 16 * 1024);
    return resetPassword({ actor: user, userId: params.id, password, activate, ip: clientIp(req.headers) });
  },
  { roles: ["admin"] },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
