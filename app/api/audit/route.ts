// GET /api/audit — the audit log, newest first (admin only): ?type=&actorId=&targetId=&userId=&from=&to=&cursor=&limit=
//   Each event carries `refs`: the documents, live annotations and people its ids name (lib/audit/types.ts).
import { apiRoute, readQuery, otherMethods } from "@/lib/http/api";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { listAuditEvents } from "@/lib/audit-log/service";

export const GET = apiRoute(async ({ req }) => listAuditEvents(readQuery(req, auditQuerySchema)), { roles: ["admin"] });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
