// GET /api/documents/[id]/structure — the structure of a live document's text (headings, paragraphs,
// lists, quotes, emphasis, links, images, citation markers and notes as code point ranges over it):
// { documentId, version, structure } (lib/export/FORMAT.md, "Document structure"). Any signed-in role.
import { apiRoute, otherMethods } from "@/lib/http/api";
import { findDocumentStructure } from "@/lib/documents/service";

export const GET = apiRoute<{ id: string }>(async ({ params }) => findDocumentStructure({ documentId: params.id }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
