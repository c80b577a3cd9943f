// GET /api/documents/[id]/annotations — a document's live annotations in document order (orphaned ones last,
//   start and end null), each with `anchor`: on the current version, or ?version=N as they were on version N;
//   ?anchor=needs-check keeps the fuzzy ones and the orphaned ones nobody has left orphaned on purpose,
//   ?anchor=exact|moved|fuzzy|orphaned one state → { version, currentVersion, annotations }; or a page of the
//   placed ones (?limit=&cursor=) → { annotations, nextCursor }, a page of the orphaned ones
//   (?anchor=orphaned&limit=&cursor=) → { annotations, nextCursor, rest: { count, needsCheck }, summary } (rest:
//   those after the page; summary: what the summary counts of the others; &class=&author= only those of a class
//   (a ruling's when there is one) or an author; &listed=a,b those the reader lists apart, left out of rest;
//   &only=rest the counts after the cursor alone → { rest }), or chosen ones (?ids=a,b,c) → { annotations }.
// POST /api/documents/[id]/annotations — create one on the current version.
import { NextResponse } from "next/server";
import { apiRoute, readJson, readQuery, otherMethods } from "@/lib/http/api";
import { annotationListQuerySchema, createAnnotationSchema } from "@/lib/annotations/schemas";
import { createAnnotation } from "@/lib/annotations/service";
import { answerAnnotationQuery } from "@/lib/annotations/anchoring";

export const GET = apiRoute<{ id: string }>(async ({ req, params }) =>
  answerAnnotationQuery({ documentId: params.id, query: readQuery(req, annotationListQuerySchema) }),
);

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const input = await readJson(req, createAnnotationSchema);
  const annotation = await createAnnotation({ user, documentId: params.id, input });
  return NextResponse.json(annotation, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
