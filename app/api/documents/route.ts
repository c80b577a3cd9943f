// GET /api/documents — the library: one page of documents (metadata and counts, no text), searched,
//   filtered and sorted by ?q=&kind=&publisher=&mine=1&deleted=1&sort=&dir=&page=&pageSize=
// POST /api/documents — add a document (admins and reviewers): JSON { text, format?, keepFullText?, ...metadata }
//   or multipart/form-data with `file` (or `text`), keepFullText and metadata fields → 201 with the stored
//   document (no text) and, for HTML, how much boilerplate was dropped.
import { NextResponse } from "next/server";
import { apiRoute, parseInput, readQuery, otherMethods } from "@/lib/http/api";
import { addDocument, assertCanAddDocument, listDocuments } from "@/lib/documents/service";
import { documentListQuerySchema, normaliseListQuery } from "@/lib/documents/list-query";
import { documentMetadataSchema } from "@/lib/documents/schemas";
import { readDocumentUpload } from "@/lib/documents/upload";

export const GET = apiRoute(async ({ req, user }) => {
  const query = normaliseListQuery(readQuery(req, documentListQuerySchema));
  return listDocuments({ user, query });
});

export const POST = apiRoute(async ({ req, user }) => {
  // Refuse before reading up to 10 MB of body (the service checks again).
  assertCanAddDocument(user);
  const upload = await readDocumentUpload(req);
  const metadata = parseInput(documentMetadataSchema, upload.fields);
  const doc = await addDocument({ user, input: upload.input, metadata });
  return NextResponse.json(doc, {
    status: 201,
    headers: { location: `/api/documents/${doc.id}`, "cache-control": "no-store" },
  });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
