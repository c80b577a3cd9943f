// POST /api/me/password — the signed-in user changes their own password { currentPassword, newPassword,
// revokeTokens? }; their other sessions end, this one stays, and with revokeTokens their API tokens are
// revoked. Browser sessions only (a token cannot change a password).
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { changeOwnPasswordSchema } from "@/lib/users/schemas";
import { changeOwnPassword } from "@/lib/users/service";

export const POST = apiRoute(async ({ req, user }) => {
  const input = await readJson(req, changeOwnPasswordSchema, 16 * 1024);
  return changeOwnPassword({ user, ...input, ip: clientIp(req.headers) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
