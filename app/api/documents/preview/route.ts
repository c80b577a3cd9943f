// POST /api/documents/preview — what adding this upload would store (admins and reviewers), stores nothing:
//   same body as POST /api/documents (metadata ignored, keepFullText honoured) → { format, title, text (first
//   20,000 code points), truncated, length, words, textHash, duplicate: { id, title } | null, metadata (from the
//   file), structure: { version, counts, truncated }, boilerplate (HTML: dropped passages) | null }, or the same refusals.
import { apiRoute, otherMethods } from "@/lib/http/api";
import { assertCanAddDocument, previewDocument } from "@/lib/documents/service";
import { readDocumentUpload } from "@/lib/documents/upload";

export const POST = apiRoute(async ({ req, user }) => {
  assertCanAddDocument(user);
  const upload = await readDocumentUpload(req);
  return previewDocument({ user, input: upload.input });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
