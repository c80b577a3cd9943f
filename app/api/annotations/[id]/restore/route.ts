// POST /api/annotations/[id]/restore — an admin brings back a deleted annotation.
import { apiRoute } from "@/lib/http/api";
import { restoreAnnotation } from "@/lib/annotations/service";
import { recordAudit } from "@/lib/audit/service";

export const POST = apiRoute<{ id: string }>(
  async ({ user, params }) => {
    const annotation = await restoreAnnotation({ user, id: params.id });
    await recordAudit({ type: "annotation_restored", actorId: user.id, detail: { annotationId: annotation.id, documentId: annotation.documentId } });
    return annotation;
  },
  { roles: ["admin"] },
);
