// GET /api/me — who the session or token belongs to.
import { apiRoute, otherMethods } from "@/lib/http/api";

export const GET = apiRoute(async ({ user }) => ({ id: user.id, email: user.email, name: user.name, role: user.role, via: user.via }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
