// How every answer is compressed, chosen per route. Next's own compression (next.config.js `compress`) is
// off: it is gzip at level 6 for every answer, with no say per route, and a route's own Content-Encoding is
// dropped. Here the `compression` middleware negotiates brotli or gzip with the client:
// - the exports (the whole corpus or one document, tens of MB, produced once and downloaded once) at the
//   fastest levels: brotli quality 1 (a browser's choice; ~0.1 s for the 90 MB corpus, and smaller than
//   gzip at level 6) or gzip level 1 (clients without brotli). At level 6 the server's gzip alone cost
//   ~0.6 s of CPU per export on a 2-core machine, where the export itself costs ~2 s;
// - everything else (pages, their data, the API) as before: gzip level 6, or brotli quality 4.
// Answers marked `Cache-Control: no-transform` (the packed spans, already gzipped) are left as they are.
import zlib from "node:zlib";
import compression from "compression";

/** The export routes: GET /api/export and GET /api/documents/:id/export. */
export const BULK_DOWNLOAD = /^\/api\/(?:export|documents\/[^/?#]+\/export)(?:[?#]|$)/;

const standard = compression({ level: 6 });
const bulk = compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } });

/** Connect-style middleware: compresses what `next` writes to `res`, as the request's route calls for. */
export function compress(req, res, next) {
  return (BULK_DOWNLOAD.test(req.url ?? "") ? bulk : standard)(req, res, next);
}
