import { describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { taggedJson } from "./tagged-json";

const ask = (headers: Record<string, string> = {}) => new Request("http://localhost/x", { headers });

describe("taggedJson", () => {
  it("answers 304 without building the body to a request that has the version", async () => {
    let built = false;
    const build = () => {
      built = true;
      return "{}";
    };
    const res = taggedJson(ask({ "if-none-match": 'W/"x", "v1"' }), { key: "k", tag: "v1", packed: false, build });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(await res.text()).toBe("");
    const packed = taggedJson(ask({ "if-none-match": '"v1-gz"' }), { key: "k", tag: "v1", packed: true, build });
    expect(packed.status).toBe(304);
    expect(built).toBe(false);
  });

  it("sends the JSON with its ETag, to be revalidated before reuse, to a request without it or with another", async () => {
    for (const headers of [{}, { "if-none-match": '"v0"' }] as Array<Record<string, string>>) {
      const res = taggedJson(ask(headers), { key: "k", tag: "v1", packed: false, build: () => '{"a":1}' });
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe('"v1"');
      expect(res.headers.get("cache-control")).toBe("private, no-cache, no-transform");
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await res.text()).toBe('{"a":1}');
    }
  });

  it("packs once per version, and again when the version moves", async () => {
    let builds = 0;
    const build = (text: string) => () => {
      builds++;
      return text;
    };
    const unpack = async (res: Response) => gunzipSync(Buffer.from(await res.arrayBuffer())).toString();
    const a = taggedJson(ask(), { key: "kp", tag: "v1", packed: true, build: build('{"a":1}') });
    expect(a.headers.get("content-type")).toBe("application/gzip");
    expect(a.headers.get("etag")).toBe('"v1-gz"');
    expect(await unpack(a)).toBe('{"a":1}');
    expect(await unpack(taggedJson(ask(), { key: "kp", tag: "v1", packed: true, build: build('{"a":1}') }))).toBe('{"a":1}');
    expect(builds).toBe(1);
    expect(await unpack(taggedJson(ask(), { key: "kp", tag: "v2", packed: true, build: build('{"a":2}') }))).toBe('{"a":2}');
    expect(builds).toBe(2);
  });
});
