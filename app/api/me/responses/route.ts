// GET /api/me/responses?before=&limit= — responses to the caller's work, newest first: replies by others on
// their annotations (and after theirs in another's thread), verdicts and rulings on their annotations →
// { items, nextBefore, newCount, seenAt }.
import { apiRoute, readQuery, otherMethods } from "@/lib/http/api";
import { responsesQuerySchema } from "@/lib/annotations/schemas";
import { listResponses } from "@/lib/annotations/responses";

export const GET = apiRoute(async ({ req, user }) => listResponses({ user, ...readQuery(req, responsesQuerySchema) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
