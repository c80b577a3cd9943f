// Bad input, route by route: every API route that takes input (path params, query strings, JSON
// bodies, multipart) gets malformed requests and must answer 400/404/405/413/422 with
// `{ error: { code, message } }`, never 500, and leave the database
// exactly as it was. "Exactly" is checked by hashing every table of the e2e database (read-only,
// either engine, e2e/support/db.ts) before and after each request: no new row anywhere, AuditEvent and DocumentEvent
// included (no sign-in happens between the two fingerprints, so nothing may change at all).
// Independent of the other specs: it signs in its own accounts and annotates a document of its own.
import { test, expect, request as pwRequest, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import crypto from "node:crypto";
import http from "node:http";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS, E2E_BASE_URL } from "./support/env";
import { fingerprint } from "./support/db";
import { createUser } from "./support/users";

const KB = 1024;
const MB = 1024 * KB;
const PASSWORD = "bad-input-password-1";
const RUN = crypto.randomUUID().slice(0, 8);

// ---------------------------------------------------------------------------------------------
// The database fingerprint

/** The tables whose content differs, with before → after. */
function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).map((n) => `${n}: ${before[n]} → ${after[n]}`);
}

// ---------------------------------------------------------------------------------------------
// Fixtures: accounts, a document with an annotation, a reply, a deleted annotation and document, a token

type Who = "admin" | "rosa" | "victor";

interface Fixtures {
  doc: { id: string; text: string; length: number };
  /** A valid span of the document ("committee"): the base that malformed creates start from. */
  span: { start: number; end: number; quote: string };
  /** A word after astral characters, where UTF-16 and code point offsets differ. */
  afterAstral: { start: number; end: number; quote: string; utf16Start: number };
  annotation: string; // Rosa's, live
  deletedAnnotation: string; // Rosa's, deleted
  reply: string; // Rosa's reply to `annotation`
  deletedDoc: string;
  /** On the deleted document, made before it was deleted: a live annotation, its reply, a deleted annotation. */
  annotationOnDeletedDoc: string;
  replyOnDeletedDoc: string;
  deletedAnnotationOnDeletedDoc: string;
  adminToken: string; // a token of the admin's (Rosa cannot see it)
  adminId: string;
  target: string; // a reviewer the users routes act on (never signed in)
  targetEmail: string;
  /** A suggested claim of the document (its span), as GET …/suggestions gives it. */
  suggestion: { start: number; end: number };
  /** A passage no suggestion overlaps by half ("the archive stays open"). */
  unsuggested: { start: number; end: number; quote: string };
}

const clients = {} as Record<Who, APIRequestContext>;
let f: Fixtures;
let rosaEmail = "";

const cp = (s: string) => [...s].length;

function spanOf(text: string, phrase: string) {
  const i = text.indexOf(phrase);
  expect(i, phrase).toBeGreaterThanOrEqual(0);
  const start = cp(text.slice(0, i));
  return { start, end: start + cp(phrase), quote: phrase, utf16Start: i };
}

async function ok<T>(res: APIResponse, status = 200): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const adminEmail = createUser("admin", "Bad Input Admin", PASSWORD);
  clients.admin = await apiAs(adminEmail, PASSWORD);
  const admin = clients.admin;
  const person = async (name: string) => {
    const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${RUN}@e2e.apparatus`;
    const created = await ok<{ id: string }>(await admin.post("/api/users", { data: { name, email, role: "reviewer", password: PASSWORD } }), 201);
    return { id: created.id, email };
  };
  const rosa = await person("Bad Input Rosa");
  const victor = await person("Bad Input Victor");
  const target = await person("Bad Input Target");
  rosaEmail = rosa.email;
  [clients.rosa, clients.victor] = await Promise.all([apiAs(rosa.email, PASSWORD), apiAs(victor.email, PASSWORD)]);

  const text =
    `Bad-input fixture ${RUN}.\n\nThe committee said the budget doubled in 2019. ` +
    `Critics called it a fantasy.\n\n\n\nThe 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 heading survives, and the archive stays open.`;
  const doc = await ok<{ id: string }>(await admin.post("/api/documents", { data: { text, title: `Bad input ${RUN}`, kind: "report" } }), 201);
  const stored = await ok<{ text: string; length: number }>(await admin.get(`/api/documents/${doc.id}`));
  expect(stored.text).toBe(text);

  const annotate = async (phrase: string) => {
    const s = spanOf(text, phrase);
    return (
      await ok<{ id: string }>(
        await clients.rosa.post(`/api/documents/${doc.id}/annotations`, {
          data: { start: s.start, end: s.end, quote: s.quote, classification: "contested", evidence: [{ citation: "Minutes, p. 4" }] },
        }),
        201,
      )
    ).id;
  };
  const annotation = await annotate("the budget doubled");
  const deletedAnnotation = await annotate("Critics");
  expect((await clients.rosa.delete(`/api/annotations/${deletedAnnotation}`)).status()).toBe(204);
  const reply = (await ok<{ id: string }>(await clients.rosa.post(`/api/annotations/${annotation}/replies`, { data: { body: "A first reply." } }), 201)).id;

  const gone = await ok<{ id: string }>(
    await admin.post("/api/documents", { data: { text: `A document deleted at once ${RUN}.`, title: `Deleted ${RUN}`, kind: "other" } }),
    201,
  );
  const goneText = `A document deleted at once ${RUN}.`;
  const goneSpan = spanOf(goneText, "deleted");
  const onGone = async () =>
    (
      await ok<{ id: string }>(
        await clients.rosa.post(`/api/documents/${gone.id}/annotations`, {
          data: { start: goneSpan.start, end: goneSpan.end, quote: goneSpan.quote, classification: "opinion", evidence: [] },
        }),
        201,
      )
    ).id;
  const annotationOnDeletedDoc = await onGone();
  const deletedAnnotationOnDeletedDoc = await onGone();
  expect((await clients.rosa.delete(`/api/annotations/${deletedAnnotationOnDeletedDoc}`)).status()).toBe(204);
  const replyOnDeletedDoc = (
    await ok<{ id: string }>(await clients.victor.post(`/api/annotations/${annotationOnDeletedDoc}/replies`, { data: { body: "On a doomed document." } }), 201)
  ).id;
  expect((await admin.delete(`/api/documents/${gone.id}`)).status()).toBe(204);
  const token = await ok<{ token: { id: string } }>(await admin.post("/api/tokens", { data: { name: `bad-input ${RUN}` } }), 201);
  const me = await ok<{ id: string }>(await admin.get("/api/me"));
  const { suggestions } = await ok<{ suggestions: Array<{ start: number; end: number; quote: string }> }>(
    await clients.rosa.get(`/api/documents/${doc.id}/suggestions?annotated=1`),
  );
  const suggestion = suggestions.find((x) => x.quote.startsWith("The committee said"))!;
  expect(suggestion, JSON.stringify(suggestions)).toBeTruthy();

  f = {
    doc: { id: doc.id, text, length: stored.length },
    span: spanOf(text, "committee"),
    afterAstral: spanOf(text, "heading"),
    annotation,
    deletedAnnotation,
    reply,
    deletedDoc: gone.id,
    annotationOnDeletedDoc,
    replyOnDeletedDoc,
    deletedAnnotationOnDeletedDoc,
    adminToken: token.token.id,
    adminId: me.id,
    target: target.id,
    targetEmail: target.email,
    suggestion: { start: suggestion.start, end: suggestion.end },
    unsuggested: spanOf(text, "the archive stays open"),
  };
});

test.afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c?.dispose()));
});

// ---------------------------------------------------------------------------------------------
// Requests

type Body =
  | { json: unknown } // serialised here, sent as application/json
  | { raw: string | Buffer; type?: string } // exactly these bytes (type: the content-type, if any)
  | { multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> };

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Case {
  name: string;
  as: Who;
  method: Method;
  url: (f: Fixtures) => string;
  body?: (f: Fixtures) => Body;
  /** Low-level requests Playwright cannot make (a lying Content-Length, a chunked body). */
  rawHttp?: (f: Fixtures) => RawRequest;
  status: number | number[];
  /** The error message must match (when the status is an error with a body). */
  message?: RegExp;
}

async function send(c: Case): Promise<{ status: number; text: string }> {
  if (c.rawHttp) return rawHttp(clients[c.as], c.method, c.url(f), c.rawHttp(f));
  const body = c.body?.(f);
  const options: Parameters<APIRequestContext["fetch"]>[1] = { method: c.method, failOnStatusCode: false, maxRedirects: 0, timeout: 60_000 };
  if (body && "json" in body) {
    options.data = Buffer.from(JSON.stringify(body.json));
    options.headers = { "content-type": "application/json" };
  } else if (body && "raw" in body) {
    options.data = typeof body.raw === "string" ? Buffer.from(body.raw) : body.raw;
    if (body.type) options.headers = { "content-type": body.type };
  } else if (body && "multipart" in body) {
    options.multipart = body.multipart;
  }
  const res = await clients[c.as].fetch(c.url(f), options);
  return { status: res.status(), text: await res.text() };
}

interface RawRequest {
  headers: Record<string, string>;
  /** Body chunks; with `hold` the request is not ended (the answer must come before the body does). */
  chunks: Buffer[];
  hold?: boolean;
}

/** A request through node:http with the client's session cookie. */
async function rawHttp(api: APIRequestContext, method: string, path: string, r: RawRequest): Promise<{ status: number; text: string }> {
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const url = new URL(path, E2E_BASE_URL);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method, agent: false, headers: { cookie, origin: url.origin, ...r.headers } }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8") });
        req.destroy();
      });
      res.on("error", reject);
    });
    req.on("error", (error) => {
      if (!answered) reject(error); // after the answer, the server closing on an unread body is fine
    });
    req.setTimeout(60_000, () => req.destroy(new Error("timed out")));
    (async () => {
      for (const chunk of r.chunks) {
        if (answered || req.destroyed) return;
        if (!req.write(chunk)) await new Promise((done) => req.once("drain", done));
      }
      if (!r.hold && !req.destroyed) req.end();
    })().catch(() => {});
  });
}

// ---------------------------------------------------------------------------------------------
// Malformed bodies shared by every JSON route

const json = (value: unknown): Body => ({ json: value });
const raw = (bytes: string | Buffer, type = "application/json"): Body => ({ raw: bytes, type });
const big = (bytes: number) => `{"x":"${"a".repeat(bytes)}"}`;
const TOO_LARGE = /larger than|too large/;
/** POST /api/documents takes JSON of up to twice 5 MB (escaping) plus 256 KB (lib/documents/upload.ts). */
const DOCUMENT_JSON_LIMIT = 2 * 5 * MB + 256 * KB;

/** Invalid UTF-8 inside an otherwise fine JSON string: a stray byte, an overlong slash, an encoded surrogate. */
const invalidUtf8 = [
  { label: "a stray 0xFF byte", bytes: [0xff, 0xfe] },
  { label: "an overlong encoding", bytes: [0xc0, 0xaf] },
  { label: "a UTF-8-encoded surrogate", bytes: [0xed, 0xa0, 0x80] },
  { label: "a truncated sequence", bytes: [0xe2, 0x82] },
];

interface Shape {
  name: string;
  body: (f: Fixtures) => Body;
  status: number;
  message?: RegExp;
}

/**
 * The malformations every JSON body route refuses. `valid` is a body the route would accept, so
 * "one unknown field more" is refused for the field, not for something else.
 */
function malformedJson(valid: (f: Fixtures) => Record<string, unknown>, limit: number): Shape[] {
  const firstKey = (f: Fixtures) => Object.keys(valid(f))[0];
  return [
    { name: "a body that is not JSON", body: () => raw('{"start": 1, '), status: 400, message: /not valid (UTF-8 )?JSON/ },
    { name: "an empty body", body: () => raw(""), status: 400, message: /empty/ },
    { name: "only whitespace", body: () => raw("  \n\t "), status: 400, message: /empty/ },
    ...invalidUtf8.map(
      ({ label, bytes }): Shape => ({
        name: `invalid UTF-8 (${label})`,
        body: (f) => raw(Buffer.concat([Buffer.from(`{"${firstKey(f)}": "x`), Buffer.from(bytes), Buffer.from(`y"}`)])),
        status: 400,
        message: /UTF-8/,
      }),
    ),
    {
      name: "an escaped lone surrogate (valid JSON, not storable)",
      body: (f) => raw(JSON.stringify(valid(f)).replace(/"([^"]*)"\s*:\s*"/, '"$1":"\\ud800')),
      status: 400,
      message: /surrogate|UTF-8/,
    },
    // Deep nesting: refused for its depth, or (on the 16 KB routes) for its size first.
    { name: "1,000 levels of [", body: () => raw("[".repeat(1_000) + "]".repeat(1_000)), status: 400, message: /nested too deeply|JSON object/ },
    {
      name: "10,000 levels of [",
      body: () => raw("[".repeat(10_000) + "]".repeat(10_000)),
      ...(20_000 > limit ? { status: 413, message: TOO_LARGE } : { status: 400, message: /nested too deeply|JSON object/ }),
    },
    {
      name: "10,000 levels of { inside a valid body",
      body: (f) => raw(JSON.stringify({ ...valid(f), deep: 0 }).replace('"deep":0', `"deep":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`)),
      ...(60_000 > limit ? { status: 413, message: TOO_LARGE } : { status: 400, message: /nested too deeply|Unrecognized key/ }),
    },
    {
      name: "100,000 unclosed [",
      body: () => raw("[".repeat(100_000)),
      ...(100_000 > limit ? { status: 413, message: TOO_LARGE } : { status: 400, message: /not valid (UTF-8 )?JSON/ }),
    },
    { name: "JSON null", body: () => raw("null"), status: 400 },
    { name: "a JSON array of the valid body", body: (f) => json([valid(f)]), status: 400 },
    { name: "a JSON string", body: () => json("start"), status: 400 },
    { name: "a JSON number", body: () => json(42), status: 400 },
    { name: "a JSON boolean", body: () => json(true), status: 400 },
    { name: "an unknown extra field", body: (f) => json({ ...valid(f), extra: true }), status: 400, message: /Unrecognized key/ },
    {
      name: "a __proto__ key",
      body: (f) => raw(JSON.stringify(valid(f)).replace(/^\{/, '{"__proto__":{"role":"admin","isAdmin":true},')),
      status: 400,
      message: /Unrecognized key/,
    },
    {
      name: "form-urlencoded instead of JSON",
      body: (f) => raw(new URLSearchParams(Object.entries(valid(f)).map(([k, v]) => [k, String(v)])).toString(), "application/x-www-form-urlencoded"),
      status: 400,
      message: /JSON/,
    },
    {
      name: "multipart instead of JSON",
      body: (f) => ({ multipart: Object.fromEntries(Object.entries(valid(f)).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) }),
      status: 400,
      message: /JSON/,
    },
    { name: "XML", body: () => raw('<?xml version="1.0"?><note>hi</note>', "application/xml"), status: 400, message: /JSON/ },
    { name: `a body over the limit (${Math.round((limit + KB) / KB)} KB)`, body: () => raw(big(limit + KB)), status: 413, message: TOO_LARGE },
    ...(limit < 2 * MB ? [{ name: "a 2 MB body", body: () => raw(big(2 * MB)), status: 413, message: TOO_LARGE }] : []),
  ];
}

/** Chunked (no Content-Length) and lying-Content-Length bodies over the limit: refused while streaming. */
function oversizeStreams(limit: number): Array<Pick<Case, "name" | "rawHttp" | "status" | "message">> {
  const chunk = Buffer.alloc(64 * KB, "a");
  return [
    {
      name: "a chunked body over the limit (no Content-Length)",
      rawHttp: () => ({
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
        chunks: [Buffer.from('{"x":"'), ...Array.from({ length: Math.ceil((limit + 64 * KB) / chunk.length) }, () => chunk), Buffer.from('"}')],
      }),
      status: 413,
      message: TOO_LARGE,
    },
    {
      name: "a Content-Length of 1 GB (refused before the body arrives)",
      rawHttp: () => ({ headers: { "content-type": "application/json", "content-length": String(1024 * MB) }, chunks: [Buffer.from('{"x":')], hold: true }),
      status: 413,
      message: TOO_LARGE,
    },
  ];
}

function jsonRoute(
  label: string,
  as: Who,
  method: Method,
  url: (f: Fixtures) => string,
  valid: (f: Fixtures) => Record<string, unknown>,
  specific: Shape[],
  limit = MB,
): Case[] {
  return [
    ...malformedJson(valid, limit).map((s): Case => ({ ...s, name: `${label}: ${s.name}`, as, method, url })),
    ...oversizeStreams(limit).map((s): Case => ({ ...s, name: `${label}: ${s.name}`, as, method, url })),
    ...specific.map((s): Case => ({ ...s, name: `${label}: ${s.name}`, as, method, url })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Building blocks for route-specific cases

const UNKNOWN = "does-not-exist-0000";
const unknownIds = [
  { label: "an unknown id", id: UNKNOWN },
  { label: "a 2,000-character id", id: "x".repeat(2000) },
  { label: "an id with quotes and SQL", id: encodeURIComponent("x' OR '1'='1'; DROP TABLE Annotation; --") },
  { label: "an id of emoji and NUL", id: encodeURIComponent("📄\u0000") },
];

const note = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const nested = (levels: number): unknown => {
  let node: unknown = { type: "paragraph", content: [{ type: "text", text: "deep" }] };
  for (let i = 0; i < levels; i++) node = { type: "blockquote", content: [node] };
  return { type: "doc", content: [node] };
};
const noteTooLong = note("n".repeat(20_001));
const noteSplitTooLong = { type: "doc", content: Array.from({ length: 11 }, () => ({ type: "paragraph", content: [{ type: "text", text: "m".repeat(2_000) }] })) };
const noteShapes = (what: "note" | "body" | "rationale"): Shape[] => {
  const wrap = (v: unknown) => ({ [what]: v });
  return [
    { name: `${what} over 20,000 characters in one text node`, body: () => json(wrap(noteTooLong)), status: 422, message: /longer than 20000/ },
    { name: `${what} over 20,000 characters across paragraphs`, body: () => json(wrap(noteSplitTooLong)), status: 422, message: /longer than 20000/ },
    // 22 blockquotes stay under the 64 levels of JSON readJson allows, so the note's own limit (20) answers.
    { name: `${what} nested 22 blockquotes deep`, body: () => json(wrap(nested(22))), status: 422, message: /nested deeper/ },
    { name: `${what} nested 40 blockquotes deep`, body: () => json(wrap(nested(40))), status: 400, message: /nested too deeply/ },
    { name: `${what} with 6,000 nodes`, body: () => json(wrap({ type: "doc", content: Array.from({ length: 6_000 }, () => ({ type: "paragraph" })) })), status: 422, message: /nodes/ },
    { name: `${what} with a script node`, body: () => json(wrap({ type: "doc", content: [{ type: "script", text: "alert(1)" }] })), status: 422, message: /unknown block node type/ },
    {
      name: `${what} with a javascript: link`,
      body: () => json(wrap({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] })),
      status: 422,
      message: /href/,
    },
    {
      name: `${what} with an onclick attribute`,
      body: () => json(wrap({ type: "doc", content: [{ type: "paragraph", attrs: { onclick: "alert(1)" }, content: [{ type: "text", text: "x" }] }] })),
      status: 422,
    },
    // Huge arrays inside a node: bounded before validation (they overflowed the stack: a 500).
    {
      name: `${what} with 200,000 marks on one text node`,
      body: () => json(wrap({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: Array.from({ length: 200_000 }, () => 0) }] }] })),
      status: 422,
      message: /more than 3 marks/,
    },
    {
      name: `${what} with 60,000 valid-looking bold marks (900 KB)`,
      body: () => json(wrap({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: Array.from({ length: 60_000 }, () => ({ type: "bold" })) }] }] })),
      status: 422,
      message: /more than 3 marks/,
    },
    {
      name: `${what} with a 300,000-entry array in a link's attrs`,
      body: () =>
        json(wrap({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "https://a.example", class: Array.from({ length: 300_000 }, () => 0) } }] }] }] })),
      status: 422,
      message: /more than 5000 entries/,
    },
    { name: `${what} that is an empty object`, body: () => json(wrap({})), status: 422 },
    { name: `${what} without content`, body: () => json(wrap({ type: "doc" })), status: 422 },
  ];
};

const annotationBase = (f: Fixtures) => ({ start: f.span.start, end: f.span.end, quote: f.span.quote, classification: "sourced" });
const withSpan = (start: unknown, end: unknown, quote?: unknown) => (f: Fixtures) => json({ ...annotationBase(f), start, end, ...(quote === undefined ? {} : { quote }) });
const annotationWith = (changes: Record<string, unknown>) => (f: Fixtures) => json({ ...annotationBase(f), ...changes });
const annotationWithout = (key: string) => (f: Fixtures) => {
  const body: Record<string, unknown> = annotationBase(f);
  delete body[key];
  return json(body);
};

const documentBase = () => ({ text: `A new document that must never be stored ${RUN}.`, title: "Never stored", kind: "blog" });
const file = (name: string, mimeType: string, content: string | Buffer | number[]) => ({
  name,
  mimeType,
  buffer: Buffer.isBuffer(content) ? content : typeof content === "string" ? Buffer.from(content) : Buffer.from(content),
});
const upload = (fileField: ReturnType<typeof file>, extra: Record<string, string> = { title: "Never stored", kind: "blog" }): Body => ({
  multipart: { ...extra, file: fileField },
});
const utf16be = (s: string) => {
  const le = Buffer.from(s, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};

/** Files that are refused, the same for adding and for previewing. */
const refusedUploads: Array<{ name: string; file: ReturnType<typeof file>; status: number; message: RegExp }> = [
  { name: "an empty .txt", file: file("empty.txt", "text/plain", ""), status: 422, message: /empty/ },
  { name: "a .txt holding only a byte-order mark", file: file("bom.txt", "text/plain", [0xef, 0xbb, 0xbf]), status: 422, message: /empty/ },
  { name: "a whitespace-only .md", file: file("blank.md", "text/markdown", " \n\n\t \n"), status: 422, message: /empty/ },
  { name: "an .html with only a script and a style", file: file("hollow.html", "text/html", "<script>alert(1)</script><style>p{}</style>"), status: 422, message: /empty|no text/i },
  { name: "an ELF executable named .txt", file: file("notes.txt", "text/plain", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)])), status: 422, message: /executable/ },
  { name: "a ZIP (a .docx) named .md", file: file("report.md", "text/markdown", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 1)])), status: 422, message: /ZIP/ },
  { name: "a GIF named .html", file: file("page.html", "text/html", Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(40)])), status: 422, message: /GIF/ },
  { name: "bytes with NULs and no signature", file: file("data.txt", "text/plain", Buffer.from(Array.from({ length: 256 }, (_, i) => i))), status: 422, message: /binary|UTF-8/ },
  { name: "a Latin-1 .md", file: file("cafe.md", "text/markdown", Buffer.from("# Caf\xe9 cr\xe8me\n\nD\xe9j\xe0 vu.", "latin1")), status: 422, message: /not valid UTF-8/ },
  {
    name: "a Windows-1252 .html that says so in a meta tag",
    file: file("old.html", "text/html", Buffer.from('<meta charset="windows-1252"><p>\x93Quoted\x94 \x96 text</p>', "latin1")),
    status: 422,
    message: /not valid UTF-8/,
  },
  { name: "a UTF-16 big-endian .txt", file: file("wide.txt", "text/plain", utf16be("Wide text here.")), status: 422, message: /UTF-16/ },
  { name: "a UTF-32 .txt", file: file("wider.txt", "text/plain", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("H\0\0\0i\0\0\0")])), status: 422, message: /UTF-32/ },
  { name: "an .exe", file: file("setup.exe", "application/octet-stream", "MZ not really"), status: 422, message: /\.exe files cannot be imported/ },
  { name: "a .docx", file: file("essay.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text"), status: 422, message: /cannot be imported/ },
  { name: "a file just over 5 MB", file: file("big.txt", "text/plain", Buffer.alloc(5 * MB + 1, "a")), status: 413, message: /at most 5 MB/ },
];

// ---------------------------------------------------------------------------------------------
// The table: every route and method that takes input

const cases: Case[] = [];
const add = (...more: Case[]) => cases.push(...more);
const get = (label: string, as: Who, url: (f: Fixtures) => string, status: number | number[], message?: RegExp): Case => ({
  name: label,
  as,
  method: "GET",
  url,
  status,
  message,
});

// -- Path params that cannot be decoded (Next would answer 500 without the check in proxy.ts).
for (const path of ["/api/annotations/%E0%A4%A", "/api/documents/%ZZ", "/api/replies/%", "/api/users/%C3%28x"]) {
  add({ name: `GET ${path}: a broken percent escape`, as: "admin", method: "GET", url: () => path, status: 400, message: /percent-encoded/ });
}
add({ name: "DELETE /api/annotations/%E0%A4%A: a broken percent escape", as: "rosa", method: "DELETE", url: () => "/api/annotations/%E0%A4%A", status: 400 });
add({ name: "PATCH /api/documents/%E0%A4%A: a broken percent escape", as: "admin", method: "PATCH", url: () => "/api/documents/%E0%A4%A", body: () => json({ title: "x" }), status: 400 });

// -- Methods a route does not have: 405 (otherMethods() in lib/http/api.ts), JSON like every error.
for (const [method, path] of [
  ["POST", "/api/me"],
  ["PUT", "/api/documents"],
  ["DELETE", "/api/summary"],
  ["GET", "/api/import"],
  ["PATCH", "/api/tokens"],
  ["POST", "/api/audit"],
  ["GET", "/api/replies/x"],
  ["PUT", "/api/annotations/x/replies"],
  ["POST", "/api/documents/x/structure"],
  ["GET", "/api/documents/x/suggestions/dismissals"],
  ["POST", "/api/documents/x/suggestions"],
] as const) {
  add({
    name: `${method} ${path}: a method the route does not have`,
    as: "admin",
    method,
    url: () => path,
    ...(method === "GET" ? {} : { body: () => json({}) }),
    status: 405,
    message: new RegExp(`^${method} is not allowed at ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}; it takes [A-Z, ]+\\.$`),
  });
}

// -- GET /api/me takes no input; a query string is ignored.
add(get("GET /api/me: an unexpected query string is ignored", "rosa", () => "/api/me?role=admin&id=x", 200));

// -- GET /api/documents (the library): query parameters.
for (const [query, message] of [
  ["pageSize=-1", /pageSize/],
  ["pageSize=0", /pageSize/],
  ["pageSize=101", /pageSize/],
  ["pageSize=abc", /pageSize/],
  ["pageSize=2.5", /pageSize/],
  ["pageSize=1e3", /pageSize/],
  ["page=0", /page/],
  ["page=-1", /page/],
  ["page=1.5", /page/],
  ["page=abc", /page/],
  ["page=1000001", /page/],
  ["page=1e400", /page/],
  ["page=99999999999999999999999", /page/],
  ["sort=xml", /Sort must be one of/],
  ["dir=sideways", /Dir must be asc or desc/],
  ["kind=poem", /Kind must be one of/],
  ["mine=2", /mine: Use 1 or 0/],
  ["deleted=maybe", /deleted: Use 1 or 0/],
  [`q=${"x".repeat(501)}`, /at most 500 characters/],
  [`publisher=${"p".repeat(301)}`, /publisher/],
] as const) {
  add(get(`GET /api/documents?${query.slice(0, 40)}`, "rosa", () => `/api/documents?${query}`, 400, message));
}
add(get("GET /api/documents?page=1000000: a huge page in range is an empty page", "rosa", () => "/api/documents?page=1000000&pageSize=100", 200));
add(get("GET /api/documents?q=<broken escape>: tolerated", "rosa", () => "/api/documents?q=%E0%A4%A", [200, 400]));
add(get("GET /api/documents?deleted=1 as a reviewer: 403", "rosa", () => "/api/documents?deleted=1", 403));

// -- POST /api/documents, JSON.
add(
  ...jsonRoute("POST /api/documents (JSON)", "rosa", "POST", () => "/api/documents", documentBase, [
    { name: "text as a number", body: () => json({ ...documentBase(), text: 42 }), status: 400, message: /text/ },
    { name: "text missing", body: () => json({ title: "t", kind: "blog" }), status: 400, message: /text/ },
    { name: "text null", body: () => json({ ...documentBase(), text: null }), status: 400 },
    { name: "text as an array", body: () => json({ ...documentBase(), text: ["a", "b"] }), status: 400 },
    { name: "an empty text", body: () => json({ ...documentBase(), text: "" }), status: 422, message: /empty/ },
    { name: "a text of NULs", body: () => json({ ...documentBase(), text: "\u0000\u0000 binary" }), status: 422, message: /NUL/ },
    { name: "a text over 5 MB", body: () => json({ ...documentBase(), text: "t".repeat(5 * MB + 1) }), status: 413, message: /at most 5 MB/ },
    // Over 10 MB of JSON (every quote is escaped): read whole, not cut off at 10 MB by Next (which would make it invalid JSON).
    { name: "a text over 5 MB in over 10 MB of JSON", body: () => json({ ...documentBase(), text: '"'.repeat(5 * MB + 1) }), status: 413, message: /at most 5 MB/ },
    { name: "format pdf", body: () => json({ ...documentBase(), format: "pdf" }), status: 400, message: /Format must be one of/ },
    { name: "title missing", body: () => json({ text: "x y z", kind: "blog" }), status: 400, message: /title/i },
    { name: "title as a number", body: () => json({ ...documentBase(), title: 7 }), status: 400, message: /title/i },
    { name: "title of 301 characters", body: () => json({ ...documentBase(), title: "T".repeat(301) }), status: 400, message: /at most 300/ },
    { name: "title of 1 MB", body: () => json({ ...documentBase(), title: "T".repeat(MB) }), status: 400, message: /at most 300/ },
    { name: "kind missing", body: () => json({ text: "x", title: "t" }), status: 400, message: /Kind/ },
    { name: "kind as an object", body: () => json({ ...documentBase(), kind: { blog: true } }), status: 400, message: /Kind/ },
    { name: "publishedAt 2017-02-30", body: () => json({ ...documentBase(), publishedAt: "2017-02-30" }), status: 400, message: /does not exist/ },
    { name: "publishedAt as a number", body: () => json({ ...documentBase(), publishedAt: 2017 }), status: 400 },
    { name: "publishedAt two years ahead", body: () => json({ ...documentBase(), publishedAt: `${new Date().getUTCFullYear() + 2}-01` }), status: 400, message: /in the future/ },
    { name: "a javascript: source URL", body: () => json({ ...documentBase(), sourceUrl: "javascript:alert(1)" }), status: 400, message: /http\(s\)/ },
    { name: "an id of one's choosing", body: () => json({ ...documentBase(), id: "chosen-id" }), status: 400, message: /Unrecognized key/ },
    { name: "a createdById", body: (f) => json({ ...documentBase(), createdById: f.adminId }), status: 400, message: /Unrecognized key/ },
    { name: "a textHash", body: () => json({ ...documentBase(), textHash: "0".repeat(64) }), status: 400, message: /Unrecognized key/ },
    { name: "a text/xml content type", body: () => raw("<doc/>", "text/xml"), status: 400, message: /JSON or as multipart/ },
  ], DOCUMENT_JSON_LIMIT).filter((c) => !/multipart instead|XML$/.test(c.name)), // multipart is its other format; XML is below
);

// -- POST /api/documents, multipart.
const mp = (name: string, body: Body, status: number, message?: RegExp): Case => ({
  name: `POST /api/documents (multipart): ${name}`,
  as: "rosa",
  method: "POST",
  url: () => "/api/documents",
  body: () => body,
  status,
  message,
});
for (const r of refusedUploads) add(mp(r.name, upload(r.file), r.status, r.message));
add(
  mp("neither file nor text", { multipart: { title: "t", kind: "blog" } }, 400, /Choose a file/),
  mp("a file field that is a string", { multipart: { title: "t", kind: "blog", file: "not a file" } }, 400, /Choose a file/),
  mp("an empty text field", { multipart: { title: "t", kind: "blog", text: "" } }, 422, /empty/),
  mp("a text field with format pdf", { multipart: { title: "t", kind: "blog", text: "x", format: "pdf" } }, 400, /Format must be one of/),
  mp("a title of 301 characters", upload(file("ok.txt", "text/plain", "Fine text."), { title: "T".repeat(301), kind: "blog" }), 400, /at most 300/),
  mp("no title", upload(file("ok.txt", "text/plain", "Fine text."), { kind: "blog" }), 400, /title/i),
  mp("an unknown kind", upload(file("ok.txt", "text/plain", "Fine text."), { title: "t", kind: "poem" }), 400, /Kind/),
  mp("an unknown field", upload(file("ok.txt", "text/plain", "Fine text."), { title: "t", kind: "blog", createdById: "someone" }), 400, /Unrecognized key/),
  mp("a broken multipart body", { raw: "--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end", type: "multipart/form-data; boundary=xyz" }, 400, /form data/),
  mp("multipart without a boundary", { raw: "garbage", type: "multipart/form-data" }, 400, /form data/),
  mp("an upload over 5.25 MB", upload(file("huge.txt", "text/plain", Buffer.alloc(6 * MB, "a"))), 413, /at most 5 MB/),
);

// -- POST /api/documents/preview: the same refusals, and it never stores anything.
const pv = (name: string, body: Body, status: number, message?: RegExp): Case => ({
  name: `POST /api/documents/preview: ${name}`,
  as: "rosa",
  method: "POST",
  url: () => "/api/documents/preview",
  body: () => body,
  status,
  message,
});
for (const r of refusedUploads) add(pv(r.name, upload(r.file, {}), r.status, r.message));
add(
  pv("a body that is not JSON", raw("{ nope"), 400, /JSON/),
  pv("an empty body", raw(""), 400, /empty/),
  pv("invalid UTF-8", raw(Buffer.from([0x7b, 0x22, 0x74, 0xff, 0x22, 0x7d])), 400, /UTF-8/),
  pv("10,000 levels of [", raw("[".repeat(10_000) + "]".repeat(10_000)), 400),
  pv("text as a number", json({ text: 1 }), 400, /text/),
  pv("an empty text", json({ text: "" }), 422, /empty/),
  pv("format xml", json({ text: "x", format: "xml" }), 400, /Format/),
  pv("a text over 5 MB", json({ text: "p".repeat(5 * MB + 1) }), 413, /at most 5 MB/),
  pv("a text/xml content type", raw("<x/>", "text/xml"), 400, /JSON or as multipart/),
  pv("neither file nor text", { multipart: { title: "t" } }, 400, /Choose a file/),
);
add({
  name: "POST /api/documents/preview: a valid preview stores nothing",
  as: "rosa",
  method: "POST",
  url: () => "/api/documents/preview",
  body: () => json({ text: `<p>Preview only ${RUN}</p><script>alert(1)</script>`, format: "html" }),
  status: 200,
});

// -- GET / PATCH / DELETE /api/documents/[id], POST …/restore.
for (const { label, id } of unknownIds) {
  add(get(`GET /api/documents/[id]: ${label}`, "rosa", () => `/api/documents/${id}`, 404, /not found/));
  add({ name: `PATCH /api/documents/[id]: ${label}`, as: "admin", method: "PATCH", url: () => `/api/documents/${id}`, body: () => json({ title: "x" }), status: 404 });
  add({ name: `DELETE /api/documents/[id]: ${label}`, as: "admin", method: "DELETE", url: () => `/api/documents/${id}`, status: 404 });
  add({ name: `POST /api/documents/[id]/restore: ${label}`, as: "admin", method: "POST", url: () => `/api/documents/${id}/restore`, status: 404 });
}
add(get("GET /api/documents/[id]: a deleted document (reviewer)", "rosa", (f) => `/api/documents/${f.deletedDoc}`, 404));
add(get("GET /api/documents/[id]?deleted=1: a deleted document (reviewer)", "rosa", (f) => `/api/documents/${f.deletedDoc}?deleted=1`, 404));
add({ name: "DELETE /api/documents/[id]: already deleted", as: "admin", method: "DELETE", url: (f) => `/api/documents/${f.deletedDoc}`, status: 404 });
add({ name: "PATCH /api/documents/[id]: a deleted document", as: "admin", method: "PATCH", url: (f) => `/api/documents/${f.deletedDoc}`, body: () => json({ title: "x" }), status: 404 });
add({
  name: "POST /api/documents/[id]/restore: a live document (nothing to do)",
  as: "admin",
  method: "POST",
  url: (f) => `/api/documents/${f.doc.id}/restore`,
  body: () => raw("garbage that is never read"),
  status: 200,
});
add(
  ...jsonRoute("PATCH /api/documents/[id]", "admin", "PATCH", (f) => `/api/documents/${f.doc.id}`, () => ({ title: "Renamed" }), [
    { name: "nothing to change", body: () => json({}), status: 400, message: /at least one/ },
    { name: "the text", body: () => json({ text: "New text" }), status: 400, message: /cannot be changed/ },
    { name: "title null", body: () => json({ title: null }), status: 400 },
    { name: "an empty title", body: () => json({ title: "  " }), status: 400, message: /title is required/ },
    { name: "title of 301 characters", body: () => json({ title: "T".repeat(301) }), status: 400, message: /at most 300/ },
    { name: "title as an array", body: () => json({ title: ["a"] }), status: 400 },
    { name: "kind poem", body: () => json({ kind: "poem" }), status: 400, message: /Kind/ },
    { name: "publishedAt yesterday", body: () => json({ publishedAt: "yesterday" }), status: 400, message: /must look like/ },
    { name: "publishedAt two years ahead", body: () => json({ publishedAt: `${new Date().getUTCFullYear() + 2}` }), status: 400, message: /in the future/ },
    { name: "sourceUrl ftp", body: () => json({ sourceUrl: "ftp://example.org/x" }), status: 400, message: /http\(s\)/ },
    { name: "publisher of 301 characters", body: () => json({ publisher: "P".repeat(301) }), status: 400 },
    { name: "a valid title with an id", body: () => json({ title: "Renamed", id: "new-id" }), status: 400, message: /Unrecognized key/ },
    { name: "deletedAt", body: () => json({ deletedAt: null }), status: 400, message: /Unrecognized key/ },
    { name: "previous alone", body: () => json({ previous: { title: "Renamed" } }), status: 400, message: /at least one/ },
    { name: "previous of an unknown field", body: () => json({ title: "Renamed", previous: { textHash: "x" } }), status: 400, message: /previous holds/ },
    { name: "previous title as a number", body: () => json({ title: "Renamed", previous: { title: 7 } }), status: 400 },
    { name: "previous as a string", body: () => json({ title: "Renamed", previous: "Renamed" }), status: 400 },
    { name: "a previous title changed meanwhile", body: () => json({ title: "Renamed", previous: { title: "Not what it is" } }), status: 409, message: /changed the title/ },
  ]),
);

// -- GET|POST /api/documents/[id]/annotations.
for (const { label, id } of unknownIds) {
  add(get(`GET /api/documents/[id]/annotations: ${label}`, "rosa", () => `/api/documents/${id}/annotations`, 404));
  add({ name: `POST /api/documents/[id]/annotations: ${label}`, as: "rosa", method: "POST", url: () => `/api/documents/${id}/annotations`, body: (f) => json(annotationBase(f)), status: 404 });
}
add(get("GET /api/documents/[id]/annotations: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/annotations`, 404));
add({
  name: "POST /api/documents/[id]/annotations: a deleted document",
  as: "rosa",
  method: "POST",
  url: (f) => `/api/documents/${f.deletedDoc}/annotations`,
  body: () => json({ start: 0, end: 1, quote: "A", classification: "opinion" }),
  status: 404,
});
add(
  ...jsonRoute("POST /api/documents/[id]/annotations", "rosa", "POST", (f) => `/api/documents/${f.doc.id}/annotations`, annotationBase, [
    // Wrong types and missing fields: 400.
    { name: "start as a string", body: (f) => json({ ...annotationBase(f), start: String(f.span.start) }), status: 400, message: /start/ },
    { name: "end null", body: withSpan(0, null), status: 400, message: /end/ },
    { name: "start true", body: withSpan(true, 5), status: 400, message: /start/ },
    { name: "start as an object", body: withSpan({ value: 1 }, 5), status: 400, message: /start/ },
    { name: "end as an array", body: withSpan(0, [5]), status: 400, message: /end/ },
    { name: "start missing", body: annotationWithout("start"), status: 400, message: /start/ },
    { name: "end missing", body: annotationWithout("end"), status: 400, message: /end/ },
    { name: "quote missing", body: annotationWithout("quote"), status: 400, message: /quote/ },
    { name: "quote as a number", body: annotationWith({ quote: 9 }), status: 400, message: /quote/ },
    { name: "classification missing", body: annotationWithout("classification"), status: 400, message: /classification/ },
    { name: "classification Sourced (case)", body: annotationWith({ classification: "Sourced" }), status: 400, message: /classification must be one of/ },
    { name: "classification null", body: annotationWith({ classification: null }), status: 400, message: /classification/ },
    { name: "classification as a number", body: annotationWith({ classification: 1 }), status: 400 },
    // Offsets that are not whole non-negative numbers: 400.
    { name: "a negative start", body: withSpan(-1, 5), status: 400, message: /start must be 0 or more/ },
    { name: "a negative end", body: withSpan(0, -5), status: 400, message: /end must be 0 or more/ },
    { name: "a non-integer start", body: withSpan(1.5, 5), status: 400, message: /start/ },
    { name: "an end of 1e400 (Infinity)", body: (f) => raw(`{"start":0,"end":1e400,"quote":"${f.span.quote}","classification":"sourced"}`), status: 400, message: /end/ },
    { name: "an unsafe integer", body: withSpan(2 ** 53 + 2, 2 ** 53 + 4), status: 400 },
    // The right shape but refused content: 422.
    { name: "reversed offsets", body: (f) => json({ ...annotationBase(f), start: f.span.end, end: f.span.start }), status: 422, message: /before it starts/ },
    { name: "an empty span", body: (f) => json({ ...annotationBase(f), end: f.span.start, quote: "" }), status: 422, message: /empty/ },
    { name: "an end past the end", body: (f) => json({ ...annotationBase(f), start: f.doc.length - 2, end: f.doc.length + 1 }), status: 422, message: /outside the text/ },
    { name: "a start past the end", body: (f) => json({ ...annotationBase(f), start: f.doc.length + 5, end: f.doc.length + 9 }), status: 422, message: /outside the text/ },
    { name: "offsets near 10^15", body: () => json({ start: 1e15, end: 1e15 + 3, quote: "abc", classification: "opinion" }), status: 422, message: /outside the text/ },
    { name: "a quote that does not match", body: annotationWith({ quote: "Committee" }), status: 422, message: /quote/i },
    { name: "offsets off by one", body: (f) => json({ ...annotationBase(f), start: f.span.start + 1, end: f.span.end + 1 }), status: 422, message: /quote/i },
    {
      name: "UTF-16 offsets instead of code points",
      body: (f) => json({ ...annotationBase(f), start: f.afterAstral.utf16Start, end: f.afterAstral.utf16Start + f.afterAstral.quote.length, quote: f.afterAstral.quote }),
      status: 422,
      message: /quote/i,
    },
    {
      name: "a whitespace-only span",
      body: (f) => {
        const s = spanOf(f.doc.text, "\n\n\n\n");
        return json({ start: s.start, end: s.end, quote: s.quote, classification: "opinion" });
      },
      status: 422,
      message: /only whitespace/,
    },
    // Evidence.
    { name: "evidence as an object", body: annotationWith({ evidence: { citation: "x" } }), status: 400, message: /evidence/ },
    { name: "evidence null", body: annotationWith({ evidence: null }), status: 400, message: /evidence/ },
    { name: "an empty evidence entry", body: annotationWith({ evidence: [{}] }), status: 400, message: /citation or a URL/ },
    { name: "a javascript: evidence URL", body: annotationWith({ evidence: [{ url: "javascript:alert(1)" }] }), status: 400, message: /http/ },
    { name: "an evidence citation of 2,001 characters", body: annotationWith({ evidence: [{ citation: "c".repeat(2001) }] }), status: 400, message: /2000/ },
    { name: "51 evidence entries", body: annotationWith({ evidence: Array.from({ length: 51 }, () => ({ citation: "c" })) }), status: 400, message: /At most 50/ },
    { name: "an evidence entry with an unknown field", body: annotationWith({ evidence: [{ citation: "c", onclick: "x" }] }), status: 400, message: /Unrecognized key/ },
    // Notes.
    ...noteShapes("note").map((s) => ({ ...s, body: (f: Fixtures) => json({ ...annotationBase(f), ...(s.body(f) as { json: object }).json }) })),
    { name: "a note that is a number", body: annotationWith({ note: 42 }), status: 422, message: /note/ },
    { name: "a plain-text note over 20,000 characters", body: annotationWith({ note: "n".repeat(20_001) }), status: 422, message: /longer than 20000/ },
    // Fields the server decides.
    { name: "an authorId", body: (f) => json({ ...annotationBase(f), authorId: f.adminId }), status: 400, message: /Unrecognized key/ },
    { name: "an id", body: annotationWith({ id: "chosen" }), status: 400, message: /Unrecognized key/ },
    { name: "a version", body: annotationWith({ version: 7 }), status: 400, message: /Unrecognized key/ },
    { name: "a documentId", body: annotationWith({ documentId: "elsewhere" }), status: 400, message: /Unrecognized key/ },
    // Accepting a suggestion.
    { name: "fromSuggestion as a string", body: annotationWith({ fromSuggestion: "yes" }), status: 400, message: /fromSuggestion must be true or false/ },
    { name: "fromSuggestion as an object", body: annotationWith({ fromSuggestion: { kind: "likely-sourced" } }), status: 400, message: /fromSuggestion/ },
    {
      name: "fromSuggestion where nothing was suggested",
      body: (f) => json({ start: f.unsuggested.start, end: f.unsuggested.end, quote: f.unsuggested.quote, classification: "opinion", fromSuggestion: true }),
      status: 422,
      message: /no suggested claim/,
    },
    { name: "a suggestion origin of one's own", body: annotationWith({ suggestion: { kind: "likely-sourced", reason: "trust me" } }), status: 400, message: /Unrecognized key/ },
  ]),
);

// -- GET /api/documents/[id]/structure.
for (const { label, id } of unknownIds) add(get(`GET /api/documents/[id]/structure: ${label}`, "rosa", () => `/api/documents/${id}/structure`, 404, /not found/));
add(get("GET /api/documents/[id]/structure: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/structure`, 404));
add(get("GET /api/documents/[id]/structure: an unexpected query string is ignored", "rosa", (f) => `/api/documents/${f.doc.id}/structure?format=xml&page=-1`, 200));
add(get("GET /api/documents/[id]/structure: ?version= not a version number", "rosa", (f) => `/api/documents/${f.doc.id}/structure?version=0`, 400, /version must be 1 or more/));
add(get("GET /api/documents/[id]/structure: ?version= of a version it does not have", "rosa", (f) => `/api/documents/${f.doc.id}/structure?version=999`, 404, /Version 999 not found/));

// -- GET /api/documents/[id]/suggestions, POST|DELETE …/suggestions/dismissals.
for (const { label, id } of unknownIds) {
  add(get(`GET /api/documents/[id]/suggestions: ${label}`, "rosa", () => `/api/documents/${id}/suggestions`, 404, /not found/));
  add({
    name: `POST /api/documents/[id]/suggestions/dismissals: ${label}`,
    as: "rosa",
    method: "POST",
    url: () => `/api/documents/${id}/suggestions/dismissals`,
    body: (f) => json(f.suggestion),
    status: 404,
  });
  add({
    name: `DELETE /api/documents/[id]/suggestions/dismissals: ${label}`,
    as: "rosa",
    method: "DELETE",
    url: (f) => `/api/documents/${id}/suggestions/dismissals?start=${f.suggestion.start}&end=${f.suggestion.end}`,
    status: 404,
  });
}
add(get("GET /api/documents/[id]/suggestions: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/suggestions`, 404));
for (const [query, message] of [
  ["dismissed=2", /dismissed: Use 1 or 0/],
  ["dismissed=yes", /dismissed: Use 1 or 0/],
  ["annotated=true", /annotated: Use 1 or 0/],
  ["version=1", /Unrecognized key/],
  [`q=${"x".repeat(3000)}`, /Unrecognized key/],
] as const) {
  add(get(`GET /api/documents/[id]/suggestions?${query.slice(0, 30)}`, "rosa", (f) => `/api/documents/${f.doc.id}/suggestions?${query}`, 400, message));
}
add({
  name: "POST /api/documents/[id]/suggestions/dismissals: a deleted document",
  as: "rosa",
  method: "POST",
  url: (f) => `/api/documents/${f.deletedDoc}/suggestions/dismissals`,
  body: () => json({ start: 0, end: 5 }),
  status: 404,
});
add(
  ...jsonRoute("POST /api/documents/[id]/suggestions/dismissals", "rosa", "POST", (f) => `/api/documents/${f.doc.id}/suggestions/dismissals`, (f) => f.suggestion, [
    { name: "start missing", body: (f) => json({ end: f.suggestion.end }), status: 400, message: /start/ },
    { name: "end missing", body: (f) => json({ start: f.suggestion.start }), status: 400, message: /end/ },
    { name: "start as a string", body: (f) => json({ ...f.suggestion, start: String(f.suggestion.start) }), status: 400, message: /start must be a number/ },
    { name: "end null", body: (f) => json({ ...f.suggestion, end: null }), status: 400, message: /end/ },
    { name: "a negative start", body: (f) => json({ ...f.suggestion, start: -1 }), status: 400, message: /start must be 0 or more/ },
    { name: "a non-integer end", body: (f) => json({ ...f.suggestion, end: f.suggestion.end + 0.5 }), status: 400, message: /end must be a whole number/ },
    { name: "an unsafe integer", body: () => json({ start: 0, end: 2 ** 53 + 2 }), status: 400 },
    { name: "end equal to start", body: (f) => json({ start: f.suggestion.start, end: f.suggestion.start }), status: 400, message: /end must be greater than start/ },
    { name: "end before start", body: (f) => json({ start: f.suggestion.end, end: f.suggestion.start }), status: 400, message: /end must be greater than start/ },
    { name: "a span that is no suggestion", body: (f) => json({ start: f.suggestion.start, end: f.suggestion.end - 1 }), status: 422, message: /No suggested claim/ },
    { name: "a span past the end of the text", body: (f) => json({ start: f.doc.length + 1, end: f.doc.length + 9 }), status: 422, message: /No suggested claim/ },
    { name: "a userId", body: (f) => json({ ...f.suggestion, userId: f.adminId }), status: 400, message: /Unrecognized key/ },
    { name: "a version", body: (f) => json({ ...f.suggestion, version: 2 }), status: 400, message: /Unrecognized key/ },
    { name: "an escaped lone surrogate in a key", body: (f) => raw(`{"start":${f.suggestion.start},"end":${f.suggestion.end},"\\ud800":1}`), status: 400, message: /surrogate|UTF-8/ },
  ], 16 * KB).filter((c) => !/lone surrogate \(valid JSON/.test(c.name)), // its body has no string value to break; the key case above instead
);
for (const [query, message] of [
  ["", /start is required/],
  ["start=1", /end is required/],
  ["start=abc&end=5", /start must be a whole number 0 or more/],
  ["start=-1&end=5", /start must be a whole number 0 or more/],
  ["start=1.5&end=5", /start must be a whole number 0 or more/],
  ["start=5&end=5", /end must be greater than start/],
  ["start=9&end=5", /end must be greater than start/],
  ["start=0&end=99999999999", /end must be a whole number/],
  ["start=0&end=5&userId=x", /Unrecognized key/],
] as const) {
  add({
    name: `DELETE /api/documents/[id]/suggestions/dismissals?${query}`,
    as: "rosa",
    method: "DELETE",
    url: (f) => `/api/documents/${f.doc.id}/suggestions/dismissals?${query}`,
    status: 400,
    message,
  });
}
add({
  name: "DELETE /api/documents/[id]/suggestions/dismissals: a dismissal that does not exist (nothing to undo)",
  as: "rosa",
  method: "DELETE",
  url: (f) => `/api/documents/${f.doc.id}/suggestions/dismissals?start=${f.suggestion.start}&end=${f.suggestion.end}`,
  status: 204,
});
add({
  name: "DELETE /api/documents/[id]/suggestions/dismissals: a deleted document",
  as: "rosa",
  method: "DELETE",
  url: (f) => `/api/documents/${f.deletedDoc}/suggestions/dismissals?start=0&end=5`,
  status: 404,
});
// -- Versions: GET|POST /api/documents/[id]/versions, GET …/versions/diff, GET /api/documents/[id]?version=,
//    GET …/annotations?version=&anchor=, POST /api/annotations/[id]/anchor.
const versionBase = () => ({ text: `A revised text that must never be stored ${RUN}.`, note: "Never added." });
for (const { label, id } of unknownIds) {
  add(get(`GET /api/documents/[id]/versions: ${label}`, "rosa", () => `/api/documents/${id}/versions`, 404));
  add(get(`GET /api/documents/[id]/versions/diff: ${label}`, "rosa", () => `/api/documents/${id}/versions/diff?from=1&to=1`, 404));
  add({ name: `POST /api/documents/[id]/versions: ${label}`, as: "rosa", method: "POST", url: () => `/api/documents/${id}/versions`, body: () => json(versionBase()), status: 404 });
  add({ name: `POST /api/annotations/[id]/anchor: ${label}`, as: "rosa", method: "POST", url: () => `/api/annotations/${id}/anchor`, body: () => json({ confirm: true }), status: 404 });
}
add(
  get("GET /api/documents/[id]/versions: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/versions`, 404),
  { name: "POST /api/documents/[id]/versions: a deleted document", as: "rosa", method: "POST", url: (f) => `/api/documents/${f.deletedDoc}/versions`, body: () => json(versionBase()), status: 404 },
  { name: "POST /api/annotations/[id]/anchor: a deleted annotation", as: "rosa", method: "POST", url: (f) => `/api/annotations/${f.deletedAnnotation}/anchor`, body: () => json({ confirm: true }), status: 404 },
  { name: "POST /api/annotations/[id]/anchor: not the author (Victor)", as: "victor", method: "POST", url: (f) => `/api/annotations/${f.annotation}/anchor`, body: () => json({ confirm: true }), status: 403 },
);
for (const [query, status, message] of [
  ["version=0", 400, /version must be 1 or more/],
  ["version=1.5", 400, /whole version number/],
  ["version=abc", 400, /version/],
  ["version=99", 404, /Version 99 not found/],
] as const) {
  add(get(`GET /api/documents/[id]?${query}`, "rosa", (f) => `/api/documents/${f.doc.id}?${query}`, status, message));
  add(get(`GET /api/documents/[id]/annotations?${query}`, "rosa", (f) => `/api/documents/${f.doc.id}/annotations?${query}`, status, message));
}
add(get("GET /api/documents/[id]/annotations?anchor=bogus", "rosa", (f) => `/api/documents/${f.doc.id}/annotations?anchor=bogus`, 400, /anchor must be one of/));
// Pages of the orphaned annotations (anchor=orphaned&limit=&cursor=); no other anchor has pages.
for (const [query, message] of [
  ["anchor=orphaned&limit=10&cursor=not-an-annotation", /The cursor is not an annotation of this document/],
  ["anchor=orphaned&limit=0", /limit must be at least 1/],
  ["anchor=orphaned&limit=501", /limit can be at most 500/],
  ["anchor=orphaned&cursor=x", /A cursor needs a limit/],
  ["anchor=orphaned&limit=10&version=1", /only anchor=orphaned has pages/],
  ["anchor=fuzzy&limit=10", /only anchor=orphaned has pages/],
  ["anchor=orphaned&ids=a", /only anchor=orphaned has pages/],
] as const) {
  add(get(`GET /api/documents/[id]/annotations?${query}`, "rosa", (f) => `/api/documents/${f.doc.id}/annotations?${query}`, 400, message));
}
for (const [query, status, message] of [
  ["", 400, /from/],
  ["from=1", 400, /to/],
  ["from=0&to=1", 400, /from must be 1 or more/],
  ["from=1&to=x", 400, /to must be a version number/],
  ["from=1&to=1&foo=1", 400, /Unrecognized key/],
  ["from=1&to=99", 404, /Version 99 not found/],
] as const) {
  add(get(`GET /api/documents/[id]/versions/diff?${query}`, "rosa", (f) => `/api/documents/${f.doc.id}/versions/diff?${query}`, status, message));
}
add(
  ...jsonRoute("POST /api/documents/[id]/versions", "rosa", "POST", (f) => `/api/documents/${f.doc.id}/versions`, versionBase, [
    { name: "the text of the current version", body: (f) => json({ text: f.doc.text }), status: 422, message: /same as the current version/ },
    { name: "an empty text", body: () => json({ text: "" }), status: 422, message: /empty/ },
    { name: "a whitespace-only text", body: () => json({ text: " \n\t " }), status: 422, message: /empty/ },
    { name: "a text of NULs", body: () => json({ text: "\u0000\u0000 binary" }), status: 422, message: /NUL/ },
    { name: "text as a number", body: () => json({ text: 5 }), status: 400, message: /text/ },
    { name: "format pdf", body: () => json({ ...versionBase(), format: "pdf" }), status: 400, message: /Format must be one of/ },
    { name: "a note of 2,001 characters", body: () => json({ ...versionBase(), note: "n".repeat(2001) }), status: 400, message: /at most 2,000/ },
    { name: "a note as an object", body: () => json({ ...versionBase(), note: { text: "n" } }), status: 400, message: /change note must be text/ },
    { name: "a title (metadata is not a version's)", body: () => json({ ...versionBase(), title: "Renamed" }), status: 400, message: /Unrecognized key/ },
    { name: "a version number", body: () => json({ ...versionBase(), number: 7 }), status: 400, message: /Unrecognized key/ },
    { name: "a text over 5 MB", body: () => json({ text: "v".repeat(5 * MB + 1) }), status: 413, message: /at most 5 MB/ },
  ], DOCUMENT_JSON_LIMIT).filter((c) => !/multipart instead/.test(c.name)), // multipart is its other format
);
const vmp = (name: string, body: Body, status: number, message?: RegExp): Case => ({
  name: `POST /api/documents/[id]/versions (multipart): ${name}`,
  as: "rosa",
  method: "POST",
  url: (f) => `/api/documents/${f.doc.id}/versions`,
  body: () => body,
  status,
  message,
});
for (const r of refusedUploads) add(vmp(r.name, upload(r.file, {}), r.status, r.message));
add(
  vmp("neither file nor text", { multipart: { note: "n" } }, 400, /Choose a file/),
  vmp("a note of 2,001 characters", upload(file("ok.txt", "text/plain", `Fine new text ${RUN}.`), { note: "n".repeat(2001) }), 400, /at most 2,000/),
  vmp("an unknown field", upload(file("ok.txt", "text/plain", `Fine new text ${RUN}.`), { addedById: "someone" }), 400, /Unrecognized key/),
  vmp("a broken multipart body", { raw: "--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end", type: "multipart/form-data; boundary=xyz" }, 400, /form data/),
);
add(
  ...jsonRoute("POST /api/annotations/[id]/anchor", "rosa", "POST", (f) => `/api/annotations/${f.annotation}/anchor`, (f) => ({ start: f.span.start, end: f.span.end, quote: f.span.quote }), [
    { name: "an empty object", body: () => json({}), status: 400, message: /^Send \{ start, end, quote \} to place the annotation, \{ confirm: true \} to accept/ },
    { name: "an array", body: () => json([1, 2]), status: 400, message: /Send \{ start, end, quote \}/ },
    { name: "confirm false", body: () => json({ confirm: false }), status: 400, message: /confirm must be true/ },
    { name: "confirm and orphan together", body: () => json({ confirm: true, orphan: true }), status: 400, message: /^Only one at a time\. Send \{ start, end, quote \}/ },
    { name: "a place and confirm together", body: (f) => json({ ...f.span, confirm: true }), status: 400, message: /^Only one at a time\./ },
    { name: "a lone unknown key", body: () => json({ state: "exact" }), status: 400, message: /^Send \{ start, end, quote \}/ },
    { name: "an orphan note of 2,001 characters", body: () => json({ orphan: true, note: "n".repeat(2001) }), status: 400, message: /at most 2,000/ },
    { name: "a negative start", body: (f) => json({ start: -1, end: f.span.end, quote: f.span.quote }), status: 400, message: /start must be 0 or more/ },
    { name: "a state chosen by the caller", body: (f) => json({ ...f.span, utf16Start: undefined, state: "exact" }), status: 400, message: /Unrecognized key/ },
    { name: "confirming a placement that is not fuzzy", body: () => json({ confirm: true }), status: 422, message: /Only a fuzzy placement/ },
    { name: "a quote that does not match", body: (f) => json({ start: f.span.start, end: f.span.end, quote: "Committee" }), status: 422, message: /quote/i },
    { name: "an end past the end", body: (f) => json({ start: 0, end: f.doc.length + 1, quote: "x" }), status: 422, message: /outside the text/ },
  ]),
);

// -- GET|PATCH|DELETE /api/annotations/[id], history, restore.
for (const { label, id } of unknownIds) {
  add(get(`GET /api/annotations/[id]: ${label}`, "rosa", () => `/api/annotations/${id}`, 404));
  add({ name: `PATCH /api/annotations/[id]: ${label}`, as: "rosa", method: "PATCH", url: () => `/api/annotations/${id}`, body: () => json({ classification: "opinion" }), status: 404 });
  add({ name: `DELETE /api/annotations/[id]: ${label}`, as: "rosa", method: "DELETE", url: () => `/api/annotations/${id}`, status: 404 });
  add(get(`GET /api/annotations/[id]/history: ${label}`, "rosa", () => `/api/annotations/${id}/history`, 404));
  add({ name: `POST /api/annotations/[id]/restore: ${label}`, as: "admin", method: "POST", url: () => `/api/annotations/${id}/restore`, status: 404 });
}
// Annotations and replies of a soft-deleted document are gone with it, for every route.
{
  const onDeleted = (f: Fixtures) => `/api/annotations/${f.annotationOnDeletedDoc}`;
  const what = "an annotation of a deleted document";
  add(
    get(`GET /api/annotations/[id]: ${what}`, "rosa", onDeleted, 404),
    get(`GET /api/annotations/[id]/history: ${what}`, "rosa", (f) => `${onDeleted(f)}/history`, 404),
    get(`GET /api/annotations/[id]/replies: ${what}`, "victor", (f) => `${onDeleted(f)}/replies`, 404),
    { name: `PATCH /api/annotations/[id]: ${what}`, as: "rosa", method: "PATCH", url: onDeleted, body: () => json({ classification: "sourced" }), status: 404 },
    { name: `DELETE /api/annotations/[id]: ${what}`, as: "rosa", method: "DELETE", url: onDeleted, status: 404 },
    { name: `DELETE /api/annotations/[id]: ${what} (admin)`, as: "admin", method: "DELETE", url: onDeleted, status: 404 },
    { name: `POST /api/annotations/[id]/replies: ${what}`, as: "victor", method: "POST", url: (f) => `${onDeleted(f)}/replies`, body: () => json({ body: "Hello" }), status: 404 },
    { name: `PUT /api/annotations/[id]/verdict: ${what}`, as: "victor", method: "PUT", url: (f) => `${onDeleted(f)}/verdict`, body: () => json({ verdict: "agree" }), status: 404 },
    { name: `DELETE /api/annotations/[id]/verdict: ${what}`, as: "victor", method: "DELETE", url: (f) => `${onDeleted(f)}/verdict`, status: 404 },
    {
      name: "POST /api/annotations/[id]/restore: a deleted annotation of a deleted document",
      as: "admin",
      method: "POST",
      url: (f) => `/api/annotations/${f.deletedAnnotationOnDeletedDoc}/restore`,
      status: 404,
    },
    { name: "PATCH /api/replies/[id]: a reply on a deleted document", as: "victor", method: "PATCH", url: (f) => `/api/replies/${f.replyOnDeletedDoc}`, body: () => json({ body: "Edited" }), status: 404 },
    { name: "DELETE /api/replies/[id]: a reply on a deleted document", as: "victor", method: "DELETE", url: (f) => `/api/replies/${f.replyOnDeletedDoc}`, status: 404 },
  );
}
add(get("GET /api/annotations/[id]: a deleted annotation", "rosa", (f) => `/api/annotations/${f.deletedAnnotation}`, 404));
add(get("GET /api/annotations/[id]/history: a deleted annotation", "rosa", (f) => `/api/annotations/${f.deletedAnnotation}/history`, 404));
add({ name: "PATCH /api/annotations/[id]: a deleted annotation", as: "rosa", method: "PATCH", url: (f) => `/api/annotations/${f.deletedAnnotation}`, body: () => json({ classification: "opinion" }), status: 404 });
add({ name: "DELETE /api/annotations/[id]: already deleted", as: "rosa", method: "DELETE", url: (f) => `/api/annotations/${f.deletedAnnotation}`, status: 404 });
add(get("GET /api/admin/deleted-annotations: an unexpected query string is ignored", "admin", () => "/api/admin/deleted-annotations?take=-1&documentId=x", 200));
add({ name: "POST /api/annotations/[id]/restore: a live annotation", as: "admin", method: "POST", url: (f) => `/api/annotations/${f.annotation}/restore`, status: 409, message: /not deleted/ });
add({
  name: "PATCH /api/annotations/[id]: the same values again (no new version)",
  as: "rosa",
  method: "PATCH",
  url: (f) => `/api/annotations/${f.annotation}`,
  body: () => json({ classification: "contested", evidence: [{ citation: "Minutes, p. 4" }] }),
  status: 200,
});
add(
  ...jsonRoute("PATCH /api/annotations/[id]", "rosa", "PATCH", (f) => `/api/annotations/${f.annotation}`, () => ({ classification: "opinion" }), [
    { name: "nothing to change", body: () => json({}), status: 400, message: /Nothing to change/ },
    { name: "classification wrong", body: () => json({ classification: "wrong" }), status: 400, message: /classification must be one of/ },
    { name: "classification null", body: () => json({ classification: null }), status: 400 },
    { name: "evidence as a string", body: () => json({ evidence: "see above" }), status: 400, message: /evidence/ },
    { name: "51 evidence entries", body: () => json({ evidence: Array.from({ length: 51 }, () => ({ url: "https://example.org" })) }), status: 400 },
    { name: "a javascript: evidence URL", body: () => json({ evidence: [{ url: "javascript:alert(1)" }] }), status: 400, message: /http/ },
    ...noteShapes("note"),
    { name: "new offsets", body: () => json({ start: 0, end: 3 }), status: 400, message: /Unrecognized key/ },
    { name: "a new quote", body: () => json({ quote: "The" }), status: 400, message: /Unrecognized key/ },
    { name: "a new author", body: (f) => json({ classification: "opinion", authorId: f.adminId }), status: 400, message: /Unrecognized key/ },
    { name: "a version that is not the annotation's (changed since)", body: () => json({ classification: "opinion", version: 99 }), status: 409, message: /changed since version 99 was opened/ },
    { name: "a version that is not a number", body: () => json({ classification: "opinion", version: "latest" }), status: 400, message: /version must be/ },
    { name: "a version of 0", body: () => json({ classification: "opinion", version: 0 }), status: 400 },
  ]),
);

// -- GET|POST /api/annotations/[id]/replies, PATCH|DELETE /api/replies/[id].
for (const { label, id } of unknownIds) {
  add(get(`GET /api/annotations/[id]/replies: ${label}`, "rosa", () => `/api/annotations/${id}/replies`, 404));
  add({ name: `POST /api/annotations/[id]/replies: ${label}`, as: "rosa", method: "POST", url: () => `/api/annotations/${id}/replies`, body: () => json({ body: "Hello" }), status: 404 });
  add({ name: `PATCH /api/replies/[id]: ${label}`, as: "rosa", method: "PATCH", url: () => `/api/replies/${id}`, body: () => json({ body: "Hello" }), status: 404 });
  add({ name: `DELETE /api/replies/[id]: ${label}`, as: "rosa", method: "DELETE", url: () => `/api/replies/${id}`, status: 404 });
}
add(get("GET /api/annotations/[id]/replies: a deleted annotation", "rosa", (f) => `/api/annotations/${f.deletedAnnotation}/replies`, 404));
add({ name: "POST /api/annotations/[id]/replies: a deleted annotation", as: "rosa", method: "POST", url: (f) => `/api/annotations/${f.deletedAnnotation}/replies`, body: () => json({ body: "Hello" }), status: 404 });
const replyShapes: Shape[] = [
  { name: "body missing", body: () => json({}), status: 400, message: /body/ },
  { name: "body null", body: () => json({ body: null }), status: 400, message: /body/ },
  { name: "body as a number", body: () => json({ body: 5 }), status: 400, message: /body/ },
  { name: "body as an array", body: () => json({ body: ["hello"] }), status: 400, message: /body/ },
  { name: "body as a boolean", body: () => json({ body: false }), status: 400, message: /body/ },
  { name: "an empty body string", body: () => json({ body: "" }), status: 422, message: /cannot be empty/ },
  { name: "a whitespace-only body", body: () => json({ body: " \n\t " }), status: 422, message: /cannot be empty/ },
  { name: "a plain-text body of 20,001 characters", body: () => json({ body: "r".repeat(20_001) }), status: 400, message: /at most 20,000 characters/ },
  { name: "a plain-text body of 500,000 characters", body: () => json({ body: "r".repeat(500_000) }), status: 400, message: /at most 20,000 characters/ },
  { name: "a rich-text body with only an empty paragraph", body: () => json({ body: { type: "doc", content: [{ type: "paragraph" }] } }), status: 422, message: /cannot be empty/ },
  ...noteShapes("body"),
  { name: "an authorId", body: (f) => json({ body: "Hi", authorId: f.adminId }), status: 400, message: /Unrecognized key/ },
  { name: "an annotationId", body: () => json({ body: "Hi", annotationId: "elsewhere" }), status: 400, message: /Unrecognized key/ },
];
add(
  ...jsonRoute("POST /api/annotations/[id]/replies", "rosa", "POST", (f) => `/api/annotations/${f.annotation}/replies`, () => ({ body: "A reply" }), [
    ...replyShapes,
    { name: "a reply it replaces", body: () => json({ body: "Hi", replaces: "2020-01-01T00:00:00.000Z" }), status: 400, message: /Unrecognized key/ },
  ]),
);
add(
  ...jsonRoute("PATCH /api/replies/[id]", "rosa", "PATCH", (f) => `/api/replies/${f.reply}`, () => ({ body: "An edited reply" }), [
    ...replyShapes,
    { name: "replaces not a time", body: () => json({ body: "Hi", replaces: "yesterday" }), status: 400, message: /replaces must be the reply's updatedAt/ },
    { name: "replaces as a number", body: () => json({ body: "Hi", replaces: 1_600_000_000_000 }), status: 400, message: /replaces/ },
    { name: "replaces null", body: () => json({ body: "Hi", replaces: null }), status: 400, message: /replaces/ },
    { name: "replaces an older state (409)", body: () => json({ body: "Hi from a stale tab", replaces: "2020-01-01T00:00:00.000Z" }), status: 409, message: /changed elsewhere/ },
  ]),
);

// -- PUT|DELETE /api/annotations/[id]/verdict (Victor, who is not the author).
for (const { label, id } of unknownIds) {
  add({ name: `PUT /api/annotations/[id]/verdict: ${label}`, as: "victor", method: "PUT", url: () => `/api/annotations/${id}/verdict`, body: () => json({ verdict: "agree" }), status: 404 });
  add({ name: `DELETE /api/annotations/[id]/verdict: ${label}`, as: "victor", method: "DELETE", url: () => `/api/annotations/${id}/verdict`, status: 404 });
}
add({ name: "PUT /api/annotations/[id]/verdict: a deleted annotation", as: "victor", method: "PUT", url: (f) => `/api/annotations/${f.deletedAnnotation}/verdict`, body: () => json({ verdict: "agree" }), status: 404 });
add({ name: "DELETE /api/annotations/[id]/verdict: no verdict to remove (changes nothing)", as: "victor", method: "DELETE", url: (f) => `/api/annotations/${f.annotation}/verdict`, status: 200 });
add({ name: "PUT /api/annotations/[id]/verdict: on one's own annotation (403)", as: "rosa", method: "PUT", url: (f) => `/api/annotations/${f.annotation}/verdict`, body: () => json({ verdict: "agree" }), status: 403 });
add(
  ...jsonRoute("PUT /api/annotations/[id]/verdict", "victor", "PUT", (f) => `/api/annotations/${f.annotation}/verdict`, () => ({ verdict: "agree" }), [
    { name: "verdict missing", body: () => json({}), status: 400, message: /verdict/ },
    { name: "verdict maybe", body: () => json({ verdict: "maybe" }), status: 400, message: /verdict must be agree or dispute/ },
    { name: "verdict as a number", body: () => json({ verdict: 1 }), status: 400 },
    { name: "verdict null", body: () => json({ verdict: null }), status: 400 },
    { name: "a dispute without a class", body: () => json({ verdict: "dispute" }), status: 400, message: /names the class/ },
    { name: "a dispute with class null", body: () => json({ verdict: "dispute", proposedClass: null }), status: 400, message: /names the class/ },
    { name: "a dispute with an unknown class", body: () => json({ verdict: "dispute", proposedClass: "false" }), status: 400, message: /classification must be one of/ },
    { name: "a reviewerId", body: (f) => json({ verdict: "agree", reviewerId: f.adminId }), status: 400, message: /Unrecognized key/ },
    { name: "a dispute proposing the annotation's own class", body: () => json({ verdict: "dispute", proposedClass: "contested" }), status: 422, message: /already classified as contested/ },
    { name: "a status", body: () => json({ verdict: "agree", status: "resolved" }), status: 400, message: /Unrecognized key/ },
  ]),
);

// -- PUT|DELETE /api/annotations/[id]/ruling (the admin, who may rule on Rosa's annotation; Rosa, a reviewer, may not).
for (const { label, id } of unknownIds) {
  add({ name: `PUT /api/annotations/[id]/ruling: ${label}`, as: "admin", method: "PUT", url: () => `/api/annotations/${id}/ruling`, body: () => json({ classification: "opinion", rationale: "Because." }), status: 404 });
  add({ name: `DELETE /api/annotations/[id]/ruling: ${label}`, as: "admin", method: "DELETE", url: () => `/api/annotations/${id}/ruling`, status: 404 });
}
add({ name: "PUT /api/annotations/[id]/ruling: a deleted annotation", as: "admin", method: "PUT", url: (f) => `/api/annotations/${f.deletedAnnotation}/ruling`, body: () => json({ classification: "opinion", rationale: "Because." }), status: 404 });
add({ name: "DELETE /api/annotations/[id]/ruling: a deleted annotation", as: "admin", method: "DELETE", url: (f) => `/api/annotations/${f.deletedAnnotation}/ruling`, status: 404 });
add({ name: "DELETE /api/annotations/[id]/ruling: no ruling to withdraw (changes nothing)", as: "admin", method: "DELETE", url: (f) => `/api/annotations/${f.annotation}/ruling`, status: 200 });
add({ name: "PUT /api/annotations/[id]/ruling: by a reviewer (403)", as: "victor", method: "PUT", url: (f) => `/api/annotations/${f.annotation}/ruling`, body: () => json({ classification: "opinion", rationale: "Because." }), status: 403, message: /editors and admins/ });
add({ name: "DELETE /api/annotations/[id]/ruling: by a reviewer (403)", as: "victor", method: "DELETE", url: (f) => `/api/annotations/${f.annotation}/ruling`, status: 403 });
add({ name: "DELETE /api/annotations/[id]/ruling: replaces not a time", as: "admin", method: "DELETE", url: (f) => `/api/annotations/${f.annotation}/ruling?replaces=yesterday`, status: 400, message: /replaces must be the `at` of the ruling/ });
add({ name: "DELETE /api/annotations/[id]/ruling: an unknown query parameter", as: "admin", method: "DELETE", url: (f) => `/api/annotations/${f.annotation}/ruling?force=1`, status: 400, message: /Unrecognized key/ });
add({ name: "DELETE /api/annotations/[id]/ruling: replaces, no ruling to withdraw (changes nothing)", as: "admin", method: "DELETE", url: (f) => `/api/annotations/${f.annotation}/ruling?replaces=2020-01-01T00:00:00.000Z`, status: 200 });
add(
  ...jsonRoute("PUT /api/annotations/[id]/ruling", "admin", "PUT", (f) => `/api/annotations/${f.annotation}/ruling`, () => ({ classification: "opinion", rationale: "Because." }), [
    { name: "classification missing", body: () => json({ rationale: "Because." }), status: 400, message: /classification/ },
    { name: "classification wrong", body: () => json({ classification: "false", rationale: "Because." }), status: 400, message: /classification must be one of/ },
    { name: "classification null", body: () => json({ classification: null, rationale: "Because." }), status: 400 },
    { name: "rationale missing", body: () => json({ classification: "opinion" }), status: 400, message: /rationale/ },
    { name: "rationale null", body: () => json({ classification: "opinion", rationale: null }), status: 400, message: /rationale/ },
    { name: "rationale as a number", body: () => json({ classification: "opinion", rationale: 5 }), status: 400, message: /rationale/ },
    { name: "rationale as an array", body: () => json({ classification: "opinion", rationale: ["Because."] }), status: 400, message: /rationale/ },
    { name: "an empty rationale", body: () => json({ classification: "opinion", rationale: "" }), status: 422, message: /needs a rationale/ },
    { name: "a whitespace-only rationale", body: () => json({ classification: "opinion", rationale: " \n\t " }), status: 422, message: /needs a rationale/ },
    { name: "a rich-text rationale with only an empty paragraph", body: () => json({ classification: "opinion", rationale: { type: "doc", content: [{ type: "paragraph" }] } }), status: 422, message: /needs a rationale/ },
    { name: "a plain-text rationale of 20,001 characters", body: () => json({ classification: "opinion", rationale: "r".repeat(20_001) }), status: 400, message: /at most 20,000 characters/ },
    ...noteShapes("rationale").map((shape) => ({ ...shape, body: (f: Fixtures) => json({ classification: "opinion", ...((shape.body(f) as { json: Record<string, unknown> }).json) }) })),
    { name: "a ruling editor", body: (f) => json({ classification: "opinion", rationale: "Because.", by: { id: f.adminId } }), status: 400, message: /Unrecognized key/ },
    { name: "a time", body: () => json({ classification: "opinion", rationale: "Because.", at: "2020-01-01T00:00:00.000Z" }), status: 400, message: /Unrecognized key/ },
  ]),
);

// -- GET /api/disputes (editors and admins): strict query.
add(get("GET /api/disputes: as a reviewer (403)", "rosa", () => "/api/disputes", 403));
add(get("GET /api/disputes: a page past the last one", "admin", () => "/api/disputes?page=999", 200));
for (const [query, message] of [
  ["page=0", /page must be a whole number from 1/],
  ["page=-1", /page must be a whole number from 1/],
  ["page=1.5", /page must be a whole number from 1/],
  ["page=abc", /page/],
  ["page=10000000", /page/],
  ["foo=1", /Unrecognized key/],
] as const) {
  add(get(`GET /api/disputes?${query}`, "admin", () => `/api/disputes?${query}`, 400, message));
}

// -- GET /api/me/responses (strict query), GET|POST /api/me/responses/seen.
add(get("GET /api/me/responses: a cursor past everything", "rosa", () => "/api/me/responses?before=2000-01-01T00:00:00.000Z%7Cx", 200));
for (const [query, message] of [
  ["limit=0", /limit must be a whole number from 1 to 100/],
  ["limit=101", /limit must be a whole number from 1 to 100/],
  ["limit=2.5", /limit must be a whole number from 1 to 100/],
  ["before=yesterday", /before must be the nextBefore of an earlier page/],
  ["before=2026-12-06T17:00:00.000Z", /before must be the nextBefore/],
  ["foo=1", /Unrecognized key/],
] as const) {
  add(get(`GET /api/me/responses?${query}`, "rosa", () => `/api/me/responses?${query}`, 400, message));
}
for (const [label, body, message] of [
  ["no upTo", {}, /upTo/],
  ["upTo that is not a time", { upTo: "yesterday" }, /upTo must be a time/],
  ["upTo as a number", { upTo: 1765040400000 }, /upTo/],
  ["an unknown key", { upTo: "2026-12-06T17:00:00.000Z", all: true }, /Unrecognized key/],
] as const) {
  add({ name: `POST /api/me/responses/seen: ${label}`, as: "rosa", method: "POST", url: () => "/api/me/responses/seen", body: () => json(body), status: 400, message });
}
add({ name: "POST /api/me/responses/seen: not JSON", as: "rosa", method: "POST", url: () => "/api/me/responses/seen", body: () => raw("upTo=now"), status: 400 });

// -- Summary: GET /api/documents/[id]/summary, GET /api/summary.
for (const { label, id } of unknownIds) {
  add(get(`GET /api/documents/[id]/summary: ${label}`, "rosa", () => `/api/documents/${id}/summary`, id.length > 100 ? 400 : 404));
}
add(get("GET /api/documents/[id]/summary: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/summary`, 404));
add(get("GET /api/summary: an unexpected query string is ignored", "rosa", () => "/api/summary?format=xml&page=-1", 200));

// -- The reader's spans: GET /api/documents/[id]/spans[?packed=gzip].
for (const { label, id } of unknownIds) {
  add(get(`GET /api/documents/[id]/spans: ${label}`, "rosa", () => `/api/documents/${id}/spans`, id.length > 100 ? 400 : 404));
}
add(get("GET /api/documents/[id]/spans: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/spans`, 404));
for (const [query, message] of [
  ["packed=br", /packed/],
  ["packed=", /packed/],
  ["format=json", /Unrecognized key/],
] as const) {
  add(get(`GET /api/documents/[id]/spans?${query}`, "rosa", (f) => `/api/documents/${f.doc.id}/spans?${query}`, 400, message));
}

// -- Export: GET /api/documents/[id]/export, GET /api/export.
for (const [query, label] of [
  ["format=xml", "format xml"],
  ["", "no format"],
  ["format=", "an empty format"],
  ["format=NATIVE", "format NATIVE (case)"],
  ["format=native%00", "a NUL after the format"],
  [`format=${"w".repeat(5000)}`, "a 5,000-character format"],
] as const) {
  add(get(`GET /api/documents/[id]/export?${label}`, "rosa", (f) => `/api/documents/${f.doc.id}/export?${query}`, 400, /format must be "native", "w3c" or "claimreview"/));
  add(get(`GET /api/export?${label}`, "rosa", () => `/api/export?${query}`, 400, /format must be "native", "w3c" or "claimreview"/));
}
for (const { label, id } of unknownIds) add(get(`GET /api/documents/[id]/export: ${label}`, "rosa", () => `/api/documents/${id}/export?format=native`, 404));
add(get("GET /api/documents/[id]/export?format=claimreview: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/export?format=claimreview`, 404));
add(get("GET /api/documents/[id]/export?format=CLAIMREVIEW (case)", "rosa", (f) => `/api/documents/${f.doc.id}/export?format=CLAIMREVIEW`, 400, /format must be/));
add(get("GET /api/documents/[id]/export: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/export?format=w3c`, 404));

// -- Live events: an unknown or deleted document is a JSON 404, not a stream.
for (const { label, id } of unknownIds) add(get(`GET /api/documents/[id]/events: ${label}`, "rosa", () => `/api/documents/${id}/events`, 404, /not found/));
add(get("GET /api/documents/[id]/events: a deleted document", "rosa", (f) => `/api/documents/${f.deletedDoc}/events?since=0`, 404));

// -- An address no API route answers: a JSON 404, as every API error (Next's own is an HTML page).
add(get("GET /api/no-such-route", "rosa", () => `/api/no-such-route`, 404, /no API route/));
add(get("GET /api/documents/[id]/no-such-part", "rosa", (f) => `/api/documents/${f.deletedDoc}/no-such-part/x`, 404, /no API route/));
add({ name: "DELETE /api/no/such/route", as: "rosa", method: "DELETE", url: () => `/api/no/such/route`, status: 404, message: /no API route/ });

// -- POST /api/import (admin): the body is the file; up to 200 MB.
const exportHeader = { format: "apparatus.export", version: 1, exportedAt: "2026-01-01T00:00:00.000Z" };
const nativeDoc = (changes: Record<string, unknown>) => ({
  id: `import-${RUN}`,
  title: "Imported",
  kind: "blog",
  publisher: null,
  author: null,
  publishedAt: null,
  sourceUrl: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  textSha256: "0".repeat(64),
  length: 5,
  text: `Imported text ${RUN}.`,
  annotations: [],
  summary: {
    documentId: `import-${RUN}`,
    length: 5,
    counts: { sourced: 0, contested: 0, opinion: 0 },
    reviewers: 0,
    coverage: 0,
    shares: { sourced: 0, contested: 0, opinion: 0 },
    reliability: null,
    agreement: null,
    agreementReviewers: 0,
    disputed: [],
  },
  ...changes,
});
const imp = (name: string, body: Body, status: number, message?: RegExp): Case => ({ name: `POST /api/import: ${name}`, as: "admin", method: "POST", url: () => "/api/import", body: () => body, status, message });
add(
  imp("an empty body", raw(""), 400, /empty/),
  imp("not JSON", raw("{ this is not json"), 400, /not valid JSON/),
  imp("invalid UTF-8", raw(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0x7d])), 400, /not valid UTF-8/),
  imp("UTF-16", raw(Buffer.from("\ufeff{}", "utf16le")), 400, /UTF-8|JSON/),
  imp("JSON null", raw("null"), 422, /neither/),
  imp("a JSON number", raw("42"), 422, /neither/),
  imp("a JSON string", raw('"apparatus.export"'), 422, /neither/),
  imp("an empty object", json({}), 422, /neither/),
  imp("10,000 levels of [", raw("[".repeat(10_000) + "]".repeat(10_000)), 400, /nested/),
  imp("10,000 levels of { in @graph", raw(`{"@graph":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`), 400, /nested/),
  imp("100,000 unclosed [", raw("[".repeat(100_000)), 400, /not valid JSON/),
  imp("an unknown format", json({ format: "other.export", version: 1 }), 422, /Unknown export format/),
  imp("the wrong version", json({ ...exportHeader, version: 3, documents: [] }), 422, /version/),
  imp("documents as an object", json({ ...exportHeader, documents: {} }), 422),
  imp("an unknown top-level field", json({ ...exportHeader, documents: [], extra: 1 }), 422, /Unrecognized key/),
  imp("a document with a 301-character title", json({ ...exportHeader, documents: [nativeDoc({ title: "T".repeat(301) })] }), 422, /title/),
  imp("an annotation with reversed offsets", json({ ...exportHeader, documents: [nativeDoc({ annotations: [{ id: "a", start: 4, end: 1 }] })] }), 422),
  imp(
    "a second document whose metadata the app refuses (the first must not be imported either)",
    json({
      ...exportHeader,
      documents: [
        nativeDoc({}),
        nativeDoc({ id: `import2-${RUN}`, text: `Second ${RUN}.`, title: "   ", publishedAt: "2017-02-30", sourceUrl: "ftp://example.org" }),
      ],
    }),
    422,
    /documents\[1\]/,
  ),
  imp("W3C items that are not annotations", json([1, "two", null, { type: "Note" }]), 422, /No annotation could be read/),
  imp("a W3C annotation without id", json({ type: "Annotation", target: "x" }), 422, /without id/),
  imp(
    "a W3C annotation with no usable body or target",
    json({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation", id: "urn:x", target: [1, null], body: [null, 5, { type: 7 }] }),
    422,
  ),
  imp("XML", raw("<annotations/>", "application/xml"), 400, /not valid JSON/),
  // Read whole (imports may be 200 MB), not cut off at 10 MB: the answer is about the content, not broken JSON.
  imp(
    "a 12 MB W3C file with nothing usable",
    json({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", padding: "p".repeat(12 * MB), items: [{ type: "Annotation", target: "x" }] }),
    422,
    /No annotation could be read/,
  ),
  imp("multipart", { multipart: { file: file("export.json", "application/json", "{}") } }, 400, /as the request body .* not as a form upload/),
);
// A body over the limit is drained before the 413 (so a client still sending reads it), but not for
// ever: a client that stalls mid-body gets the 413 once the drain's time is up.
add({
  name: "PATCH /api/annotations/[id]: a body over the limit that stalls mid-way (the drain gives up)",
  as: "rosa",
  method: "PATCH",
  url: (f) => `/api/annotations/${f.annotation}`,
  rawHttp: () => ({ headers: { "content-type": "application/json", "content-length": String(2 * MB) }, chunks: [Buffer.from('{"x":"'), Buffer.alloc(64 * KB, "a")], hold: true }),
  status: 413,
  message: TOO_LARGE,
});
add({
  name: "POST /api/import: a Content-Length of 300 MB (refused before the body arrives)",
  as: "admin",
  method: "POST",
  url: () => "/api/import",
  rawHttp: () => ({ headers: { "content-type": "application/json", "content-length": String(300 * MB) }, chunks: [Buffer.from("[")], hold: true }),
  status: 413,
  message: /larger than/,
});

// -- Sign-in (next-auth's credentials endpoint): a broken JSON body or an oversized one is a 4xx, not a 500.
add(
  { name: "POST /api/auth/callback/credentials: a JSON body that does not parse", as: "rosa", method: "POST", url: () => "/api/auth/callback/credentials", body: () => raw('{"email": '), status: 400, message: /not valid JSON/ },
  { name: "POST /api/auth/callback/credentials: a 1 MB form body", as: "rosa", method: "POST", url: () => "/api/auth/callback/credentials", body: () => raw(`email=${"e".repeat(MB)}`, "application/x-www-form-urlencoded"), status: 413, message: TOO_LARGE },
);

// -- Tokens: GET|POST /api/tokens, DELETE /api/tokens/[id].
add(get("GET /api/tokens: an unexpected query string is ignored", "rosa", () => "/api/tokens?userId=someone", 200));
add(
  ...jsonRoute("POST /api/tokens", "rosa", "POST", () => "/api/tokens", () => ({ name: "script" }), [
    { name: "name missing", body: () => json({}), status: 400, message: /token name is required/ },
    { name: "an empty name", body: () => json({ name: "   " }), status: 400, message: /token name is required/ },
    { name: "name as a number", body: () => json({ name: 5 }), status: 400 },
    { name: "a name of 101 characters", body: () => json({ name: "n".repeat(101) }), status: 400, message: /at most 100/ },
    { name: "expiresInDays 0", body: () => json({ name: "t", expiresInDays: 0 }), status: 400, message: /at least 1/ },
    { name: "expiresInDays -1", body: () => json({ name: "t", expiresInDays: -1 }), status: 400 },
    { name: "expiresInDays 1.5", body: () => json({ name: "t", expiresInDays: 1.5 }), status: 400, message: /whole number/ },
    { name: "expiresInDays as a string", body: () => json({ name: "t", expiresInDays: "30" }), status: 400 },
    { name: "expiresInDays 3651", body: () => json({ name: "t", expiresInDays: 3651 }), status: 400, message: /at most 3650/ },
    { name: "expiresAt tomorrow (not a date)", body: () => json({ name: "t", expiresAt: "tomorrow" }), status: 400, message: /ISO date-time/ },
    { name: "expiresAt in the past", body: () => json({ name: "t", expiresAt: "2000-01-01T00:00:00Z" }), status: 400, message: /future/ },
    { name: "expiresAt without a time zone", body: () => json({ name: "t", expiresAt: "2099-01-01T00:00:00" }), status: 400 },
    { name: "expiresAt in 20 years", body: () => json({ name: "t", expiresAt: "2046-11-22T00:00:00Z" }), status: 400, message: /3650 days/ },
    { name: "both expiries", body: () => json({ name: "t", expiresInDays: 7, expiresAt: "2027-06-01T00:00:00Z" }), status: 400, message: /not both/ },
    { name: "a secret of one's choosing", body: () => json({ name: "t", secret: "apx_mine" }), status: 400, message: /Unrecognized key/ },
    { name: "a userId", body: (f) => json({ name: "t", userId: f.adminId }), status: 400, message: /Unrecognized key/ },
  ], 16 * KB),
);
for (const { label, id } of unknownIds) add({ name: `DELETE /api/tokens/[id]: ${label}`, as: "rosa", method: "DELETE", url: () => `/api/tokens/${id}`, status: 404 });
add({ name: "DELETE /api/tokens/[id]: someone else's token (reviewer)", as: "rosa", method: "DELETE", url: (f) => `/api/tokens/${f.adminToken}`, status: 404 });

// -- Users (admin): GET|POST /api/users, GET|PATCH /api/users/[id], POST /api/users/[id]/password.
add(get("GET /api/users: an unexpected query string is ignored", "admin", () => "/api/users?role=admin", 200));
const newUser = () => ({ name: "Never Created", email: `never-${RUN}@e2e.apparatus`, role: "reviewer", password: "a-long-enough-password" });
add(
  ...jsonRoute("POST /api/users", "admin", "POST", () => "/api/users", newUser, [
    { name: "nothing", body: () => json({}), status: 400 },
    { name: "email missing", body: () => json({ ...newUser(), email: undefined }), status: 400, message: /email/ },
    { name: "an invalid email", body: () => json({ ...newUser(), email: "not-an-email" }), status: 400, message: /email address/ },
    { name: "email as a number", body: () => json({ ...newUser(), email: 12 }), status: 400 },
    { name: "an email of 400 characters", body: () => json({ ...newUser(), email: `${"e".repeat(390)}@example.org` }), status: 400 },
    { name: "role root", body: () => json({ ...newUser(), role: "root" }), status: 400, message: /Role must be one of/ },
    { name: "a password of 9 characters", body: () => json({ ...newUser(), password: "123456789" }), status: 400, message: /at least 10/ },
    { name: "a password of 1,001 characters", body: () => json({ ...newUser(), password: "p".repeat(1001) }), status: 400, message: /at most 1000/ },
    { name: "password as a number", body: () => json({ ...newUser(), password: 12345678901 }), status: 400 },
    { name: "a blank name", body: () => json({ ...newUser(), name: "   " }), status: 400, message: /name is required/ },
    { name: "a name of 201 characters", body: () => json({ ...newUser(), name: "N".repeat(201) }), status: 400, message: /at most 200/ },
    { name: "active false", body: () => json({ ...newUser(), active: false }), status: 400, message: /Unrecognized key/ },
    { name: "a passwordHash", body: () => json({ ...newUser(), passwordHash: "x" }), status: 400, message: /Unrecognized key/ },
    { name: "an existing email (409)", body: (f) => json({ ...newUser(), email: f.targetEmail.toUpperCase() }), status: 409, message: /already exists/ },
  ], 16 * KB),
);
for (const { label, id } of unknownIds) {
  add(get(`GET /api/users/[id]: ${label}`, "admin", () => `/api/users/${id}`, 404));
  add({ name: `PATCH /api/users/[id]: ${label}`, as: "admin", method: "PATCH", url: () => `/api/users/${id}`, body: () => json({ name: "x" }), status: 404 });
  add({ name: `POST /api/users/[id]/password: ${label}`, as: "admin", method: "POST", url: () => `/api/users/${id}/password`, body: () => json({ password: "a-long-enough-password" }), status: 404 });
}
add(
  ...jsonRoute("PATCH /api/users/[id]", "admin", "PATCH", (f) => `/api/users/${f.target}`, () => ({ name: "Renamed Target" }), [
    { name: "nothing to change", body: () => json({}), status: 400, message: /Nothing to change/ },
    { name: "role root", body: () => json({ role: "root" }), status: 400, message: /Role must be one of/ },
    { name: "active yes", body: () => json({ active: "yes" }), status: 400, message: /active must be true or false/ },
    { name: "active 0", body: () => json({ active: 0 }), status: 400 },
    { name: "a blank name", body: () => json({ name: " " }), status: 400, message: /name is required/ },
    { name: "a name of 201 characters", body: () => json({ name: "N".repeat(201) }), status: 400 },
    { name: "an email that is no address", body: () => json({ email: "new at example.org" }), status: 400, message: /does not look like an email address/ },
    { name: "an email as a number", body: () => json({ email: 42 }), status: 400 },
    { name: "an email another account has (409)", body: () => json({ email: ACCOUNTS.rosa.toUpperCase() }), status: 409, message: /already exists/ },
    { name: "an email at the import placeholders' domain", body: () => json({ email: "x@placeholder.apparatus.invalid" }), status: 422, message: /kept for authors an import could not match/ },
    { name: "a password", body: () => json({ password: "a-long-enough-password" }), status: 400, message: /Unrecognized key/ },
  ], 16 * KB),
);
add(
  {
    name: "PATCH /api/users/[id]: an admin demoting themself (422)",
    as: "admin",
    method: "PATCH",
    url: (f) => `/api/users/${f.adminId}`,
    body: () => json({ role: "reviewer" }),
    status: 422,
    message: /own role/,
  },
  {
    name: "PATCH /api/users/[id]: a rename with a self-deactivation is all or nothing (422)",
    as: "admin",
    method: "PATCH",
    url: (f) => `/api/users/${f.adminId}`,
    body: () => json({ name: "Renamed Admin", active: false }),
    status: 422,
    message: /deactivate your own account/,
  },
);
add(
  ...jsonRoute("POST /api/users/[id]/password", "admin", "POST", (f) => `/api/users/${f.target}/password`, () => ({ password: "a-long-enough-password" }), [
    { name: "password missing", body: () => json({}), status: 400, message: /password is required/ },
    { name: "a short password", body: () => json({ password: "short" }), status: 400, message: /at least 10/ },
    { name: "a password of 1,001 characters", body: () => json({ password: "p".repeat(1001) }), status: 400, message: /at most 1000/ },
    { name: "password as a number", body: () => json({ password: 12345678901 }), status: 400 },
    { name: "password null", body: () => json({ password: null }), status: 400 },
  ], 16 * KB),
);

// -- GET /api/audit (admin): strict query.
for (const [query, message] of [
  ["type=bogus", /type must be one of/],
  ["limit=0", /limit must be at least 1/],
  ["limit=-1", /limit/],
  ["limit=201", /limit can be at most 200/],
  ["limit=abc", /limit/],
  ["limit=1.5", /limit/],
  ["cursor=bogus", /cursor must come from a previous page/],
  ["cursor=before.abc", /cursor/],
  ["cursor=before.1234567890123456", /cursor/],
  ["from=yesterday", /from must be a date/],
  ["from=2026-02-30", /from must be a date/],
  ["to=2026-13-01", /to must be a date/],
  ["from=2026-02-01&to=2026-01-01", /from must be before to/],
  ["from=2026-01-01T25:00:00Z", /from must be a date/],
  [`actorId=${"a".repeat(101)}`, /actorId/],
  ["foo=1", /Unrecognized key/],
] as const) {
  add(get(`GET /api/audit?${query.slice(0, 40)}`, "admin", () => `/api/audit?${query}`, 400, message));
}

// ---------------------------------------------------------------------------------------------
// Running the table

test.describe("every route refuses bad input with a JSON error, never 500, and changes nothing", () => {
  const seen = new Set<string>();
  for (const c of cases) {
    expect(seen.has(c.name), `duplicate case name: ${c.name}`).toBe(false);
    seen.add(c.name);
    test(c.name, async () => {
      const before = await fingerprint();
      const res = await send(c);
      const after = await fingerprint();
      const expected = Array.isArray(c.status) ? c.status : [c.status];
      expect(res.status, `${c.method} ${c.url(f).slice(0, 120)} → ${res.text.slice(0, 300)}`).not.toBe(500);
      expect(expected, `${c.method} ${c.url(f).slice(0, 120)} → ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
      if (res.status >= 400) {
        let body: { error?: { code?: unknown; message?: unknown } };
        try {
          body = JSON.parse(res.text) as typeof body;
        } catch {
          throw new Error(`The ${res.status} answer is not JSON: ${res.text.slice(0, 200)}`);
        }
        expect(typeof body.error?.code, res.text.slice(0, 200)).toBe("string");
        expect(body.error!.code).toMatch(/^[A-Z_]+$/);
        expect(typeof body.error?.message).toBe("string");
        expect((body.error!.message as string).trim().length).toBeGreaterThan(0);
        if (c.message) expect(body.error!.message as string).toMatch(c.message);
      }
      expect(changedTables(before, after), "the database changed").toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Uploads: hostile HTML and Markdown become safe text (what is stored, and what the reader shows)

const HOSTILE_HTML = `<!doctype html><html><head><title>Hostile ${RUN}</title>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<script>window.__pwned = 1; alert(1)</script><style>body { background: url(javascript:alert(2)) }</style>
<base href="javascript:alert(3)//"></head>
<body onload="window.__pwned = 2">
<h1 onclick="alert(4)">Harbour notes</h1>
<p>The first <a href="javascript:alert(5)" onmouseover="alert(6)">claim</a> stands.<img src=x onerror="window.__pwned = 3"></p>
<svg onload="window.__pwned = 4"><text>vector</text></svg>
<iframe src="javascript:alert(7)"></iframe><object data="javascript:alert(8)"></object>
<p>A <b>second</b> claim follows, with &lt;script&gt; written as text.</p>
<noscript><img src=x onerror=alert(9)></noscript><template><img src=x onerror=alert(10)></template>
</body></html>`;

const HOSTILE_MARKDOWN = `# Hostile markdown ${RUN}

A [link](javascript:alert(1)) and an ![image](javascript:alert(2)) and raw <img src=x onerror="window.__pwned = 5">.

<script>window.__pwned = 6</script>

<div onclick="alert(3)">A block of <em>raw</em> HTML.</div>
`;

test.describe("uploads: hostile HTML and Markdown are reduced to safe text", () => {
  const inert = (text: string) => {
    expect(text).not.toMatch(/<\s*(script|img|svg|iframe|object|a|div|style|meta|base|noscript|template)\b/i);
    expect(text).not.toMatch(/\bon(error|load|click|mouseover)\s*=/i);
    expect(text).not.toContain("__pwned");
    expect(text).not.toMatch(/alert\(\d+\)/);
  };

  test("the preview of hostile HTML is plain text without markup, handlers or scripts", async () => {
    const before = await fingerprint();
    const res = await clients.rosa.post("/api/documents/preview", { multipart: { file: file("hostile.html", "text/html", HOSTILE_HTML) } });
    const body = await ok<{ text: string; format: string; title: string }>(res);
    expect(body.format).toBe("html");
    expect(body.title).toBe(`Hostile ${RUN}`);
    expect(body.text).toContain("The first claim stands.");
    expect(body.text).toContain("A second claim follows, with <script> written as text.");
    inert(body.text.replace("<script> written as text", ""));
    expect(body.text).not.toContain("javascript:");
    expect(changedTables(before, await fingerprint())).toEqual([]);
  });

  test("hostile HTML and Markdown are stored as safe text and the reader runs nothing", async ({ page }) => {
    const html = await ok<{ id: string }>(
      await clients.rosa.post("/api/documents", { multipart: { title: `Hostile HTML ${RUN}`, kind: "blog", file: file("hostile.html", "text/html", HOSTILE_HTML) } }),
      201,
    );
    const md = await ok<{ id: string }>(
      await clients.rosa.post("/api/documents", { multipart: { title: `Hostile Markdown ${RUN}`, kind: "blog", file: file("hostile.md", "text/markdown", HOSTILE_MARKDOWN) } }),
      201,
    );
    const htmlText = (await ok<{ text: string }>(await clients.rosa.get(`/api/documents/${html.id}`))).text;
    expect(htmlText).toContain("Harbour notes");
    expect(htmlText).toContain("The first claim stands.");
    inert(htmlText.replace("<script> written as text", ""));
    expect(htmlText).not.toContain("javascript:");
    const mdText = (await ok<{ text: string }>(await clients.rosa.get(`/api/documents/${md.id}`))).text;
    expect(mdText).toContain("A block of raw HTML.");
    inert(mdText);

    // The reader shows the texts as text: no dialog, no script, no element from the upload.
    const problems: string[] = [];
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await signIn(page, rosaEmail, PASSWORD);
    for (const id of [html.id, md.id]) {
      await page.goto(`/documents/${id}`);
      const region = page.getByRole("region", { name: "Document text" });
      await expect(region).toBeVisible();
      await expect(region.locator("script, img, svg, iframe, object, a[href^='javascript'], [onerror], [onload], [onclick]")).toHaveCount(0);
      await expectNoScriptRan(page);
    }
    expect(problems).toEqual([]);
  });
});

async function expectNoScriptRan(page: Page) {
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
}

test("API responses, errors included, carry nosniff and a script-less Content-Security-Policy", async () => {
  for (const path of ["/api/me", "/api/documents?pageSize=abc", `/api/annotations/${UNKNOWN}`, "/api/annotations/%E0%A4%A"]) {
    const res = await clients.rosa.get(path);
    const headers = res.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["content-security-policy"], path).toContain("default-src 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
});

// Unauthenticated requests with bad input are refused before anything is read.
test("bad input without a session is a 401 JSON error and changes nothing", async () => {
  const anonymous = await pwRequest.newContext({ baseURL: E2E_BASE_URL });
  try {
    const before = await fingerprint();
    for (const [method, path] of [
      ["POST", "/api/documents"],
      ["POST", "/api/import"],
      ["POST", "/api/users"],
      ["PATCH", "/api/annotations/x"],
    ] as const) {
      const res = await anonymous.fetch(path, { method, data: Buffer.from("[".repeat(10_000)), headers: { "content-type": "application/json" } });
      expect(res.status(), `${method} ${path}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    }
    expect(changedTables(before, await fingerprint())).toEqual([]);
  } finally {
    await anonymous.dispose();
  }
});
