// How every answer is compressed, chosen per route. Next's own compression (next.config.js `compress`) is
// off: it is gzip at level 6 for every answer, with no say per route, and a route's own Content-Encoding is
// dropped. Here the `compression` middleware negotiates brotli or gzip with the client:
// - the exports (the whole corpus or one document, tens of MB, produced once and downloaded once) at the
//   fastest levels: brotli quality 1 (a browser's choice; ~0.1 s for the 90 MB corpus, and smaller than
//   gzip at level 6) or gzip level 1 (clients without brotli). At level 6 the server's gzip alone cost
//   ~0.6 s of CPU per export on a 2-core machine, where the export itself costs ~2 s;
//   The exports are not flushed after each piece Next writes (Next calls `res.flush()` after every chunk of
//   a streamed answer, so that pages stream as they render): when the pieces were 64 KB, a flush per piece
//   made ~3,000 small compressed writes per corpus, each a system call that wakes the client (10–15% of a
//   download, measured with both servers on one database, taking turns). They go out as the compressor
//   fills 64 KB buffers instead, and the end of the answer flushes the rest. The pieces are now 1 MB
//   (lib/export/service.ts toReadableStream: one compressor job each).
// - everything else (pages, their data, the API) as before: gzip level 6, or brotli quality 4.
// - live event streams (`text/event-stream`) not at all: each event is a few hundred bytes that must go out
//   at once, so every event was a compressor flush per open stream (a job on libuv's pool, and a brotli or
//   gzip block of its own), which put that work between a commit and its delivery on every stream.
// Answers marked `Cache-Control: no-transform` (the packed spans, already gzipped) are left as they are.
import zlib from "node:zlib";
import compression from "compression";

/** Whether an answer is compressed at all: the middleware's own rule, except for event streams. */
function compressible(req, res) {
  const type = res.getHeader("content-type");
  if (typeof type === "string" && type.startsWith("text/event-stream")) return false;
  return compression.filter(req, res);
}

/** The export routes: GET /api/export and GET /api/documents/:id/export. */
export const BULK_DOWNLOAD = /^\/api\/(?:export|documents\/[^/?#]+\/export)(?:[?#]|$)/;

const standard = compression({ level: 6, filter: compressible });
const BULK_BUFFER = 64 * 1024;
// What the compressor takes in before `res.write` answers "wait for drain": at the stream default (16 KB)
// every piece of an export waited for the compressor to finish it, so producing the next piece and
// compressing this one (on libuv's pool) never overlapped; 1 MB let them (8% less time per export with
// 64 KB pieces, measured alternately; with today's 1 MB pieces, 4 or 16 MB made no difference).
const BULK_AHEAD = 1024 * 1024;
const bulk = compression({
  level: 1,
  filter: compressible,
  chunkSize: BULK_BUFFER,
  highWaterMark: BULK_AHEAD,
  brotli: { chunkSize: BULK_BUFFER, highWaterMark: BULK_AHEAD, params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } },
});

/** Connect-style middleware: compresses what `next` writes to `res`, as the request's route calls for. */
export function compress(req, res, next) {
  if (!BULK_DOWNLOAD.test(req.url ?? "")) return standard(req, res, next);
  return bulk(req, res, () => {
    // compression adds `res.flush`; without it Next writes on without flushing
    delete res.flush;
    next();
  });
}
