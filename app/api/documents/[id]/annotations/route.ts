// GET|POST /api/documents/[id]/annotations — list a document's annotations in document order (all, a
// page with ?limit=&cursor=, or ?ids=a,b,c); create one.
import { NextResponse } from "next/server";
import { apiRoute, readJson, readQuery } from "@/lib/http/api";
import { annotationListQuerySchema, createAnnotationSchema } from "@/lib/annotations/schemas";
import { createAnnotation, listDocumentAnnotations } from "@/lib/annotations/service";

export const GET = apiRoute<{ id: string }>(async ({ req, params }) =>
  listDocumentAnnotations({ documentId: params.id, query: readQuery(req, annotationListQuerySchema) }),
);

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const input = await readJson(req, createAnnotationSchema);
  const annotation = await createAnnotation({ user, documentId: params.id, input });
  return NextResponse.json(annotation, { status: 201 });
});
