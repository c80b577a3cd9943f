// GET /api/documents/[id]/structure — the structure of a live document's text (headings, paragraphs,
// lists, quotes, emphasis, links, images, citation markers and notes as code point ranges over it):
// { documentId, version, structure } (lib/export/FORMAT.md, "Document structure"). Any signed-in role.
// ?version=N: that version's text's structure instead.
import { apiRoute, readQuery, otherMethods } from "@/lib/http/api";
import { findDocumentStructure } from "@/lib/documents/service";
import { structureQuerySchema } from "@/lib/documents/schemas";

export const GET = apiRoute<{ id: string }>(async ({ req, params }) =>
  findDocumentStructure({ documentId: params.id, version: readQuery(req, structureQuerySchema).version }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
