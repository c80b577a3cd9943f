// POST /api/import — import a native (apparatus.export) or W3C Web Annotation JSON file sent as the
// request body, up to 200 MB (admins). Answers with the import report; see lib/export/FORMAT.md.
// The body goes to a temporary file, which the import streams (it reads a native file twice: a check,
// then the writes), so memory stays bounded whatever the body's size.
import { apiRoute, assertNotForm, spoolBody, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { importFromPath, MAX_IMPORT_BYTES } from "@/lib/import/service";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  async ({ req, user }) => {
    // curl -F file=@export.json is the natural first try; the import reads the body itself.
    assertNotForm(req, "Send the export file itself as the request body (Content-Type: application/json; curl --data-binary @export.json), not as a form upload.");
    const body = await spoolBody(req, MAX_IMPORT_BYTES);
    try {
      return await importFromPath({ actor: user, path: body.path, source: "api", ip: clientIp(req.headers) });
    } finally {
      await body.dispose();
    }
  },
  { roles: ["admin"] },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
