// GET /api/me/responses/seen — how many responses to the caller's work are new: { newCount } (at most 100).
// POST /api/me/responses/seen { upTo } — they have been seen up to that time (the newest shown) → { newCount }.
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { responsesSeenSchema } from "@/lib/annotations/schemas";
import { countNewResponses, markResponsesSeen } from "@/lib/annotations/responses";

export const GET = apiRoute(async ({ user }) => ({ newCount: await countNewResponses(user) }));

export const POST = apiRoute(async ({ req, user }) => markResponsesSeen({ user, ...(await readJson(req, responsesSeenSchema)) }));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
