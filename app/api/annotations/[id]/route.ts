// GET|PATCH|DELETE /api/annotations/[id] — read, edit (author only) or soft-delete (author or admin; an admin's deletion of another's is audited) one annotation.
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { updateAnnotationSchema } from "@/lib/annotations/schemas";
import { deleteAnnotation, findAnnotation, updateAnnotation } from "@/lib/annotations/service";

export const GET = apiRoute<{ id: string }>(async ({ params }) => findAnnotation({ id: params.id }));

export const PATCH = apiRoute<{ id: string }>(async ({ req, user, params }) =>
  updateAnnotation({ user, id: params.id, input: await readJson(req, updateAnnotationSchema) }),
);

export const DELETE = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  await deleteAnnotation({ user, id: params.id, ip: clientIp(req.headers) });
});

export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
