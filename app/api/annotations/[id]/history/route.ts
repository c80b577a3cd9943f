// GET /api/annotations/[id]/history — earlier versions of an annotation (who, when, what changed), newest first.
import { apiRoute, otherMethods } from "@/lib/http/api";
import { findAnnotationHistory } from "@/lib/annotations/service";

export const GET = apiRoute<{ id: string }>(async ({ params }) => ({ revisions: await findAnnotationHistory({ id: params.id }) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
