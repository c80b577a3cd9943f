// The server's per-route compression (compression.mjs), on a real HTTP server: the exports go out at the
// fast levels without a flush per piece, live event streams uncompressed, everything else as before, and
// every encoding decodes to the same bytes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the server, without types
import { BULK_DOWNLOAD, compress } from "./compression.mjs";

const PIECES = 200;
const piece = (i: number) => `{"n":${i},"text":"${"lorem ipsum ".repeat(50)}"},`;
const whole = Array.from({ length: PIECES }, (_, i) => piece(i)).join("");

let server: http.Server;
let base: string;
/** Whether the handler saw a `res.flush`, and whether a write asked it to wait for "drain", per path. */
const sawFlush = new Map<string, boolean>();
const toldToWait = new Map<string, boolean>();

beforeAll(async () => {
  // What Next does with a streamed answer: one write per piece, and res.flush() after each when there is one.
  server = http.createServer((req, res) =>
    compress(req, res, () => {
      const flush = (res as { flush?: () => void }).flush;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      sawFlush.set(path, typeof flush === "function");
      res.setHeader("content-type", path.endsWith("/events") ? "text/event-stream; charset=utf-8" : "application/json");
      let waited = false;
      for (let i = 0; i < PIECES; i++) {
        if (!res.write(piece(i))) waited = true;
        flush?.call(res);
      }
      toldToWait.set(path, waited);
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function download(path: string, acceptEncoding: string): Promise<{ encoding: string | null; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"] ?? null, bytes: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("per-route compression", () => {
  it("knows the export routes", () => {
    expect(BULK_DOWNLOAD.test("/api/export?format=native")).toBe(true);
    expect(BULK_DOWNLOAD.test("/api/documents/abc/export?format=w3c")).toBe(true);
    expect(BULK_DOWNLOAD.test("/api/documents/abc")).toBe(false);
    expect(BULK_DOWNLOAD.test("/api/exports")).toBe(false);
  });

  it("sends an export as brotli or gzip without a flush per piece, decoding to the same bytes", async () => {
    const br = await download("/api/export", "gzip, deflate, br, zstd");
    expect(br.encoding).toBe("br");
    expect(zlib.brotliDecompressSync(br.bytes).toString()).toBe(whole);
    expect(sawFlush.get("/api/export")).toBe(false);
    // ~120 KB written at once: taken in without a wait for "drain" (the compressor works while more is made)
    expect(toldToWait.get("/api/export")).toBe(false);
    const gz = await download("/api/documents/d1/export", "gzip, deflate");
    expect(gz.encoding).toBe("gzip");
    expect(zlib.gunzipSync(gz.bytes).toString()).toBe(whole);
    const plain = await download("/api/export", "identity");
    expect(plain.encoding).toBe(null);
    expect(plain.bytes.toString()).toBe(whole);
  });

  it("sends a live event stream as it is written, whatever the client accepts", async () => {
    for (const accept of ["gzip, deflate, br, zstd", "gzip, deflate"]) {
      const events = await download("/api/documents/d1/events", accept);
      expect(events.encoding).toBe(null);
      expect(events.bytes.toString()).toBe(whole);
    }
  });

  it("keeps the flush for every other answer (pages stream as they render)", async () => {
    const page = await download("/documents/d1", "gzip, deflate, br");
    expect(page.encoding).toBe("br");
    expect(zlib.brotliDecompressSync(page.bytes).toString()).toBe(whole);
    expect(sawFlush.get("/documents/d1")).toBe(true);
  });
});
