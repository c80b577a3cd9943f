// GET|POST /api/annotations/[id]/replies — the discussion thread under an annotation.
import { NextResponse } from "next/server";
import { apiRoute, readJson, otherMethods } from "@/lib/http/api";
import { replySchema } from "@/lib/annotations/schemas";
import { createReply, listReplies } from "@/lib/annotations/discussion";

export const GET = apiRoute<{ id: string }>(async ({ params }) => ({ replies: await listReplies({ annotationId: params.id }) }));

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const { body } = await readJson(req, replySchema);
  return NextResponse.json(await createReply({ user, annotationId: params.id, body }), { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
