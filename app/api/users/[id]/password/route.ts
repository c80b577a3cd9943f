// POST /api/users/[id]/password — an admin sets a new password { password } (≥ 10 characters); the user's sessions end.
import { apiRoute, readJson } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { resetPasswordSchema } from "@/lib/users/schemas";
import { resetPassword } from "@/lib/users/service";

export const POST = apiRoute<{ id: string }>(
  async ({ req, user, params }) => {
    const { password } = await readJson(req, resetPasswordSchema, 16 * 1024);
    return resetPassword({ actor: user, userId: params.id, password, ip: clientIp(req.headers) });
  },
  { roles: ["admin"] },
);
