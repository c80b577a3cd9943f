// POST /api/import — import a native (apparatus.export) or W3C Web Annotation JSON file sent as the
// request body, up to 200 MB (admins). Answers with the import report; see lib/export/FORMAT.md.
import { apiRoute, readBody } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { importFile, MAX_IMPORT_BYTES } from "@/lib/import/service";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  async ({ req, user }) => {
    const bytes = await readBody(req, MAX_IMPORT_BYTES);
    return importFile({ actor: user, bytes, source: "api", ip: clientIp(req.headers) });
  },
  { roles: ["admin"] },
);
