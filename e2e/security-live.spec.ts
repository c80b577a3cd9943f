// The live stream (GET /api/documents/[id]/events) as an attacker sees it: a replay from event 0 must
// not carry deleted content, an open stream must end soon after its access does, and one account
// cannot hold an unbounded number of streams.
import { test, expect, type APIRequestContext } from "@playwright/test";
import crypto from "node:crypto";
import { apiAs } from "./support/auth";
import { annotate, documentByTitle } from "./support/api";
import { ACCOUNTS, E2E_BASE_URL } from "./support/env";

const DOC = "The Spark";
const PASSWORD = "live-stream-password";

test.describe.configure({ timeout: 180_000 }); // each person costs a password hash or two

let admin: APIRequestContext;
test.beforeAll(async () => {
  admin = await apiAs(ACCOUNTS.admin);
});
test.afterAll(async () => {
  await admin?.dispose();
});

async function makePerson(role: "admin" | "reviewer" | "viewer", label: string) {
  const id = crypto.randomBytes(4).toString("hex");
  const res = await admin.post("/api/users", { data: { name: `${label} ${id}`, email: `${label.toLowerCase().replace(/\W+/g, "-")}-${id}@e2e.apparatus`, role, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(201);
  const user = (await res.json()) as { id: string; email: string };
  return { ...user, session: await apiAs(user.email, PASSWORD) };
}

const cookieOf = async (api: APIRequestContext) => (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");

/** An open event stream read as it arrives: its text so far, and when it ended. */
class Stream {
  text = "";
  endedAt: number | null = null;
  readonly status: number;
  private constructor(
    private readonly res: Response,
    private readonly controller: AbortController,
  ) {
    this.status = res.status;
    if (res.status !== 200) {
      this.endedAt = Date.now();
      return;
    }
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          this.text += decoder.decode(value, { stream: true });
        }
      } catch {
        // aborted by us
      }
      this.endedAt ??= Date.now();
    })();
  }

  static async open(documentId: string, headers: Record<string, string>, query = ""): Promise<Stream> {
    const controller = new AbortController();
    const res = await fetch(new URL(`/api/documents/${documentId}/events${query}`, E2E_BASE_URL), { headers, signal: controller.signal });
    const stream = new Stream(res, controller);
    if (res.status === 200) await stream.until(() => stream.text.includes("event: ready"), 10_000);
    return stream;
  }

  async until(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(done(), `stream state after ${timeoutMs} ms: ${this.text.slice(-300)}`).toBe(true);
  }

  /** Milliseconds from `since` until the stream ended (fails after `timeoutMs`). */
  async endsWithin(since: number, timeoutMs: number): Promise<number> {
    await this.until(() => this.endedAt !== null, timeoutMs);
    return this.endedAt! - since;
  }

  close(): void {
    this.controller.abort();
  }

  async body(): Promise<string> {
    return this.res.bodyUsed ? this.text : this.res.text();
  }
}

test("a replay from event 0 carries no deleted note, evidence or reply, for any role: they replay as deletions", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const viewer = await makePerson("viewer", "Replay Viewer");
  const doc = await documentByTitle(rosa, DOC);
  const secret = `SECRET-${crypto.randomUUID().slice(0, 8)}`;
  const note = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `${secret} note` }] }] };
  const a = await annotate(rosa, doc, "Trotskyist group", "contested", { note, evidence: [{ citation: `${secret} evidence` }] });
  expect((await rosa.patch(`/api/annotations/${a.id}`, { data: { note: { ...note, content: [{ type: "paragraph", content: [{ type: "text", text: `${secret} edited` }] }] } } })).status()).toBe(200);
  const reply = (await (await victor.post(`/api/annotations/${a.id}/replies`, { data: { body: `${secret} reply` } })).json()) as { id: string };
  const kept = await annotate(rosa, doc, "Lutte Ouvrière", "sourced");
  const lone = (await (await victor.post(`/api/annotations/${kept.id}/replies`, { data: { body: `${secret} lone reply` } })).json()) as { id: string };
  expect((await victor.delete(`/api/replies/${lone.id}`)).status()).toBe(204);
  expect((await rosa.delete(`/api/annotations/${a.id}`)).status()).toBe(204);

  const cookie = await cookieOf(viewer.session);
  for (const [headers, query] of [
    [{ cookie }, "?since=0"],
    [{ cookie, "last-event-id": "0" }, ""],
  ] as const) {
    const stream = await Stream.open(doc.id, headers, query);
    stream.close();
    expect(stream.text).toContain(kept.id);
    expect(stream.text).not.toContain(secret);
    expect(stream.text).toContain(`"type":"annotation.deleted","payload":{"id":"${a.id}"`);
    expect(stream.text).toContain(`"type":"reply.deleted","payload":{"id":"${reply.id}"`);
    expect(stream.text).toContain(`"type":"reply.deleted","payload":{"id":"${lone.id}"`);
  }
  await Promise.all([rosa.dispose(), victor.dispose(), viewer.session.dispose()]);
});

test("open streams end within 2 s of a sign-out, a token revocation, a deactivation or a role change", async () => {
  const doc = await documentByTitle(admin, DOC);

  // Sign-out: the page is told to sign in again.
  const out = await makePerson("reviewer", "Stream Signout");
  const s1 = await Stream.open(doc.id, { cookie: await cookieOf(out.session) });
  const { csrfToken } = (await (await out.session.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const t1 = Date.now();
  await out.session.post("/api/auth/signout", { form: { csrfToken, json: "true" } });
  expect(await s1.endsWithin(t1, 2_500)).toBeLessThan(2_000);
  expect(s1.text).toContain("event: unauthorized");

  // Token revocation.
  const owner = await makePerson("reviewer", "Stream Token");
  const { token, secret } = (await (await owner.session.post("/api/tokens", { data: { name: "stream" } })).json()) as { token: { id: string }; secret: string };
  const s2 = await Stream.open(doc.id, { authorization: `Bearer ${secret}` });
  const t2 = Date.now();
  expect((await owner.session.delete(`/api/tokens/${token.id}`)).status()).toBe(200);
  expect(await s2.endsWithin(t2, 2_500)).toBeLessThan(2_000);
  expect(s2.text).toContain("event: unauthorized");

  // Deactivation by an admin.
  const gone = await makePerson("reviewer", "Stream Deactivated");
  const s3 = await Stream.open(doc.id, { cookie: await cookieOf(gone.session) });
  const t3 = Date.now();
  expect((await admin.patch(`/api/users/${gone.id}`, { data: { active: false } })).status()).toBe(200);
  expect(await s3.endsWithin(t3, 2_500)).toBeLessThan(2_000);
  expect(s3.text).toContain("event: unauthorized");

  // A role change: the stream closes (and is authorized afresh when the browser reconnects).
  const demoted = await makePerson("reviewer", "Stream Demoted");
  const cookie = await cookieOf(demoted.session);
  const s4 = await Stream.open(doc.id, { cookie });
  const t4 = Date.now();
  expect((await admin.patch(`/api/users/${demoted.id}`, { data: { role: "viewer" } })).status()).toBe(200);
  expect(await s4.endsWithin(t4, 2_500)).toBeLessThan(2_000);
  expect(s4.text).not.toContain("event: unauthorized");
  const again = await Stream.open(doc.id, { cookie });
  expect(again.status).toBe(200);
  again.close();

  await Promise.all([out.session.dispose(), owner.session.dispose(), gone.session.dispose(), demoted.session.dispose()]);
});

test("one account holds at most 8 live streams: the 9th is refused with 429 until one closes", async () => {
  const person = await makePerson("viewer", "Stream Hoarder");
  const doc = await documentByTitle(person.session, DOC);
  const cookie = await cookieOf(person.session);
  const open: Stream[] = [];
  for (let i = 0; i < 8; i++) {
    const s = await Stream.open(doc.id, { cookie });
    expect(s.status, `stream ${i + 1}`).toBe(200);
    open.push(s);
  }
  const ninth = await Stream.open(doc.id, { cookie });
  expect(ninth.status).toBe(429);
  expect(JSON.parse(await ninth.body())).toMatchObject({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/Too many live streams/) } });
  // Another account is not affected.
  const other = await apiAs(ACCOUNTS.victor);
  const theirs = await Stream.open(doc.id, { cookie: await cookieOf(other) });
  expect(theirs.status).toBe(200);
  theirs.close();

  open.pop()!.close();
  let status = 0;
  for (let i = 0; i < 40 && status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const s = await Stream.open(doc.id, { cookie });
    status = s.status;
    if (status === 200) open.push(s);
  }
  expect(status).toBe(200);
  open.forEach((s) => s.close());
  await Promise.all([person.session.dispose(), other.dispose()]);
});
