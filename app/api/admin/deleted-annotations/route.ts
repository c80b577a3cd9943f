// GET /api/admin/deleted-annotations — soft-deleted annotations, newest deletion first (admin).
import { apiRoute, otherMethods } from "@/lib/http/api";
import { findDeletedAnnotations } from "@/lib/annotations/service";

export const GET = apiRoute(async ({ user }) => ({ annotations: await findDeletedAnnotations({ user }) }), { roles: ["admin"] });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
