// GET /api/summary — one reliability summary (without strip) per live document, by title, and their claims pooled per publisher, per kind and overall.
import { apiRoute, otherMethods } from "@/lib/http/api";
import { summarizeCorpusReport } from "@/lib/summary/service";

export const GET = apiRoute(() => summarizeCorpusReport());

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
