// GET /api/disputes?page= — the open disputes queue (editors and admins): annotations with open disputes
// and no ruling, across the corpus, the longest-waiting first.
import { apiRoute, readQuery, otherMethods } from "@/lib/http/api";
import { openDisputesQuerySchema } from "@/lib/annotations/schemas";
import { listOpenDisputes } from "@/lib/annotations/rulings";

export const GET = apiRoute(async ({ req, user }) => listOpenDisputes({ user, page: readQuery(req, openDisputesQuerySchema).page }), {
  roles: ["admin", "editor"],
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
