// GET /api/documents/[id] — metadata and text.
import { apiRoute } from "@/lib/http/api";
import { findDocument } from "@/lib/documents/service";

export const GET = apiRoute<{ id: string }>(async ({ params }) => findDocument(params.id));
