// GET /api/summary — one reliability summary (without strip) per live document, by title.
import { apiRoute } from "@/lib/http/api";
import { summarizeCorpus } from "@/lib/summary/service";

export const GET = apiRoute(async () => ({ documents: await summarizeCorpus() }));
