// GET|POST /api/documents/[id]/annotations — list a document's annotations in document order; create one.
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/http/api";
import { createAnnotationSchema } from "@/lib/annotations/schemas";
import { createAnnotation, findAnnotationsForDocument } from "@/lib/annotations/service";

export const GET = apiRoute<{ id: string }>(async ({ params }) => ({
  annotations: await findAnnotationsForDocument({ documentId: params.id }),
}));

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const input = await readJson(req, createAnnotationSchema);
  const annotation = await createAnnotation({ user, documentId: params.id, input });
  return NextResponse.json(annotation, { status: 201 });
});
