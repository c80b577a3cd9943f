// GET /api/me/sessions — how many other browsers or devices are signed in as the caller: { others }.
// DELETE /api/me/sessions — sign out everywhere else: { ended } (browser sessions only; this one stays).
import { apiRoute, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { countOtherSessions, endOtherSessions } from "@/lib/users/service";

export const GET = apiRoute(async ({ user }) => countOtherSessions({ user }));

export const DELETE = apiRoute(async ({ req, user }) => endOtherSessions({ user, ip: clientIp(req.headers) }));

export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");
