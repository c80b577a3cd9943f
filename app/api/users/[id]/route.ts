// GET /api/users/[id] — one account. PATCH /api/users/[id] — change { name?, email?, role?, active? } together (admin only).
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { updateUserSchema } from "@/lib/users/schemas";
import { getUser, updateUser } from "@/lib/users/service";

export const GET = apiRoute<{ id: string }>(async ({ user, params }) => getUser({ actor: user, userId: params.id }), { roles: ["admin"] });

export const PATCH = apiRoute<{ id: string }>(
  async ({ req, user, params }) => {
    const changes = await readJson(req, updateUserSchema, 16 * 1024);
    return updateUser({ actor: user, userId: params.id, changes, ip: clientIp(req.headers) });
  },
  { roles: ["admin"] },
);

export const { POST, PUT, DELETE, OPTIONS } = otherMethods("GET", "PATCH");
