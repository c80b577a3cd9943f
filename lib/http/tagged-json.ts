import "server-only";
// A large JSON answer that many requests ask for unchanged (the reader's spans: ~540 KB at 10,000
// annotations), served with an ETag (304 and no body when the browser has that version), either as JSON
// or "packed": gzipped once per version and kept, sent as application/gzip for the page to unpack
// (DecompressionStream). Next drops a route's own Content-Encoding and gzips every answer itself, which
// at 540 KB costs more server time than everything else the request does; a packed answer is not
// compressed again (application/gzip is not compressible, and no-transform).
import { gzipSync } from "node:zlib";
import { WeightedLru } from "@/lib/cache/weighted-lru";

const MAX_PACKED_BYTES = 32 * 1024 * 1024; // packed answers kept, over all keys
const packedCache = new WeightedLru<string, { tag: string; body: Uint8Array<ArrayBuffer> }>(MAX_PACKED_BYTES);

/**
 * The answer to `req` for the JSON text `build()` of version `tag` (kept under `key` when packed): 304 if
 * the request already has that version; else the JSON, or packed.
 */
export function taggedJson(req: Request, options: { key: string; tag: string; packed: boolean; build: () => string }): Response {
  const { key, tag, packed, build } = options;
  const etag = `"${tag}${packed ? "-gz" : ""}"`;
  const headers: Record<string, string> = { etag, "cache-control": "private, no-cache, no-transform" };
  if (req.headers.get("if-none-match")?.split(/\s*,\s*/).includes(etag)) return new Response(null, { status: 304, headers });
  if (!packed) return new Response(build(), { headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
  let hit = packedCache.get(key);
  if (hit?.tag !== tag) {
    hit = { tag, body: new Uint8Array(gzipSync(build())) };
    packedCache.set(key, hit, hit.body.byteLength);
  }
  return new Response(hit.body, { headers: { ...headers, "content-type": "application/gzip" } });
}
