// GET /api/export?format=native|w3c|claimreview — the whole corpus as a streamed JSON attachment (any signed-in role).
import { apiRoute, readQuery, otherMethods } from "@/lib/http/api";
import { exportQuerySchema, exportResponse, prepareExport } from "@/lib/export/service";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ req, user }) => {
  const { format } = readQuery(req, exportQuerySchema);
  return exportResponse(await prepareExport({ user, format, baseUrl: new URL(req.url).origin }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
