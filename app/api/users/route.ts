// GET /api/users — every account (admin only). POST /api/users — create one: { name, email, role, password } → 201
// (200 when the email is an account an import made without a password: it is taken over and activated).
import { NextResponse } from "next/server";
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { createUserSchema } from "@/lib/users/schemas";
import { createUser, listUsers } from "@/lib/users/service";

export const GET = apiRoute(async ({ user }) => ({ users: await listUsers({ actor: user }) }), { roles: ["admin"] });

export const POST = apiRoute(
  async ({ req, user }) => {
    const input = await readJson(req, createUserSchema, 16 * 1024);
    const { user: created, claimed } = await createUser({ actor: user, ...input, ip: clientIp(req.headers) });
    // 200 when the address was an account an import made, now taken over (the same id, its work kept)
    return NextResponse.json(created, { status: claimed ? 200 : 201, headers: { location: `/api/users/${created.id}`, "cache-control": "no-store" } });
  },
  { roles: ["admin"] },
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
