// POST /api/me/password — the signed-in user changes their own password { currentPassword, newPassword };
// their other sessions end, this one stays. Browser sessions only (a token cannot change a password).
import { apiRoute, readJson } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { changeOwnPasswordSchema } from "@/lib/users/schemas";
import { changeOwnPassword } from "@/lib/users/service";

export const POST = apiRoute(async ({ req, user }) => {
  const { currentPassword, newPassword } = await readJson(req, changeOwnPasswordSchema, 16 * 1024);
  return changeOwnPassword({ user, currentPassword, newPassword, ip: clientIp(req.headers) });
});
