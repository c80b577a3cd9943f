// GET /api/documents/[id]/versions/diff?from=N&to=M[&whitespace=show] — a word diff between two versions (any order):
//   { from, to (the versions), parts: [{ type: equal|insert|delete, text, from: { start, end }, to: { start, end }, whitespace? }],
//   inserted, deleted, coarse, whitespaceChanges }, offsets in code points of each version's text. Changes
//   of whitespace only are left out (counted in whitespaceChanges; such an equal part has `whitespace: true`
//   and the new version's text) unless whitespace=show.
import { apiRoute, readQuery, otherMethods } from "@/lib/http/api";
import { diffVersions } from "@/lib/documents/versions";
import { versionDiffQuerySchema } from "@/lib/documents/schemas";

export const GET = apiRoute<{ id: string }>(async ({ req, params }) => {
  const { from, to, whitespace } = readQuery(req, versionDiffQuerySchema);
  return diffVersions({ documentId: params.id, from, to, ignoreWhitespace: whitespace === "ignore" });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
