// GET /api/tokens — the caller's own API tokens (never their secrets).
// POST /api/tokens — create one: { name, expiresInDays? | expiresAt? } → 201 { token, secret }; the secret is shown this once.
import { NextResponse } from "next/server";
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { forbidden } from "@/lib/errors";
import { createTokenSchema } from "@/lib/tokens/schemas";
import { createToken, listTokens } from "@/lib/tokens/service";

export const GET = apiRoute(async ({ user }) => ({ tokens: await listTokens({ user }) }));

export const POST = apiRoute(async ({ req, user }) => {
  if (user.via === "token") throw forbidden("Create tokens from the account page.");
  const input = await readJson(req, createTokenSchema, 16 * 1024);
  const created = await createToken({ user, ...input, ip: clientIp(req.headers) });
  return NextResponse.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
