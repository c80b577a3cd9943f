// GET /api/documents/[id]/versions — the versions of a document, newest first: number, when, who, change
//   note, format, length, words, hash, and which is current (any signed-in role).
// POST /api/documents/[id]/versions — add a new version (admins and reviewers): JSON { text, format?,
//   keepFullText?, note? } or multipart/form-data with `file` (or `text`), keepFullText and note; the same
//   extraction and refusals as adding a document → 201 { document, version: { number, createdAt, note,
//   addedBy }, anchoring: { exact, moved, fuzzy, orphaned } }. The same text as the current version: 422;
//   another live document's text: 409 with details.existingId; a version added meanwhile: 409.
import { NextResponse } from "next/server";
import { apiRoute, parseInput, otherMethods } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { addVersion, assertCanAddVersion, listVersions } from "@/lib/documents/versions";
import { versionFieldsSchema } from "@/lib/documents/schemas";
import { readDocumentUpload } from "@/lib/documents/upload";

export const GET = apiRoute<{ id: string }>(async ({ params }) => {
  const { document, versions } = await listVersions({ documentId: params.id });
  return { documentId: document.id, currentVersion: document.version, versions };
});

export const POST = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  // Refuse before reading up to 10 MB of body (the service checks again).
  assertCanAddVersion(user);
  const upload = await readDocumentUpload(req);
  const { note } = parseInput(versionFieldsSchema, upload.fields);
  const result = await addVersion({ user, documentId: params.id, input: upload.input, note, ip: clientIp(req.headers) });
  return NextResponse.json(result, {
    status: 201,
    headers: { location: `/api/documents/${result.document.id}?version=${result.version.number}`, "cache-control": "no-store" },
  });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
