// GET /api/documents — the library (metadata, no text).
import { apiRoute } from "@/lib/http/api";
import { listDocuments } from "@/lib/documents/service";

export const GET = apiRoute(async () => {
  const documents = await listDocuments();
  return {
    documents: documents.map(({ _count, ...d }) => ({ ...d, annotationCount: _count.annotations })),
  };
});
