// GET /api/documents/[id]/versions/diff?from=N&to=M — a word diff between two versions (any order):
//   { from, to (the versions), parts: [{ type: equal|insert|delete, text, from: { start, end }, to: { start, end } }],
//   inserted, deleted, coarse }, offsets in code points of each version's text.
import { apiRoute, readQuery } from "@/lib/http/api";
import { diffVersions } from "@/lib/documents/versions";
import { versionDiffQuerySchema } from "@/lib/documents/schemas";

export const GET = apiRoute<{ id: string }>(async ({ req, params }) => {
  const { from, to } = readQuery(req, versionDiffQuerySchema);
  return diffVersions({ documentId: params.id, from, to });
});
