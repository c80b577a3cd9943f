import { describe, expect, it } from "vitest";
import { describeDetail, describeTarget, formatValue, humanizeKey } from "./describe";
import type { AuditEventDTO } from "./types";

const event = (over: Partial<AuditEventDTO>): AuditEventDTO => ({
  id: 1,
  at: "2026-12-06T03:27:18.000Z",
  type: "sign_in",
  actorId: null,
  targetId: null,
  actor: null,
  target: null,
  ip: null,
  detail: null,
  refs: { documents: [], annotations: [], people: [] },
  ...over,
});
const texts = (e: AuditEventDTO) => describeDetail(e).map((l) => (l.label ? `${l.label}: ${l.text}` : l.text));

describe("reading audit events", () => {
  it("humanizes keys and values", () => {
    expect(humanizeKey("disputesResolved")).toBe("Disputes resolved");
    expect(humanizeKey("sign_in")).toBe("Sign in");
    expect(formatValue({ exact: 6, moved: 0, fuzzy: 1, orphaned: 1 })).toBe("6 exact, 1 fuzzy, 1 orphaned");
    expect(formatValue({ created: 0 })).toBe("none");
    expect(formatValue(null)).toBe("—");
  });

  it("says how an account was created, with its name and email only once the account is gone, each once", () => {
    const detail = { role: "editor", email: "e@x.test", name: "Edith", via: "cli" };
    const person = { id: "u1", name: "Edith", email: "e@x.test" };
    expect(texts(event({ type: "user_created", targetId: "u1", target: person, detail }))).toEqual(["Created as editor", "Via: cli"]);
    expect(texts(event({ type: "user_created", targetId: "u1", detail }))).toEqual(["Created as editor", "Email: e@x.test", "Name: Edith", "Via: cli"]);
    // an account an import had made, taken over: said in words, not as a raw key
    expect(texts(event({ type: "user_created", targetId: "u1", target: person, detail: { role: "admin", email: "e@x.test", name: "Edith", fromImport: true } }))).toEqual([
      "Created as admin",
      "Took over the account an import had made for this address (no password until now)",
    ]);
  });

  it("names a document target by title, linked while live, by its recorded title once gone", () => {
    const live = event({ type: "document_version_added", targetId: "d1", refs: { documents: [{ id: "d1", title: "Lessons", live: true }], annotations: [], people: [] } });
    expect(describeTarget(live)).toMatchObject({ kind: "document", label: "Lessons", href: "/documents/d1" });
    const deleted = event({ type: "document_deleted", targetId: "d1", refs: { documents: [{ id: "d1", title: "Lessons", live: false }], annotations: [], people: [] } });
    expect(describeTarget(deleted)).toMatchObject({ label: "Lessons", note: "deleted", href: null });
    const gone = event({ type: "document_deleted", targetId: "d9", detail: { title: "Old title" } });
    expect(describeTarget(gone)).toMatchObject({ label: "Old title", href: null, id: "d9" });
    expect(describeDetail(gone)).toEqual([]);
  });

  it("says which details of a document changed, from what to what", () => {
    const e = event({
      type: "document_details_changed",
      targetId: "d1",
      detail: { title: "Lessons", changes: { title: { from: "Lesons", to: "Lessons" }, publisher: { from: null, to: "The Spark" } } },
      refs: { documents: [{ id: "d1", title: "Lessons", live: true }], annotations: [], people: [] },
    });
    expect(describeTarget(e)).toMatchObject({ kind: "document", label: "Lessons", href: "/documents/d1" });
    expect(texts(e)).toEqual(["Title: From Lesons to Lessons", "Publisher: From — to The Spark"]);
  });

  it("names an annotation target by its quote and links it into its document", () => {
    const e = event({
      type: "ruling_recorded",
      targetId: "a1",
      detail: { annotationId: "a1", documentId: "d1", classification: "contested", disputesResolved: 2 },
      refs: { documents: [{ id: "d1", title: "Lessons", live: true }], annotations: [{ id: "a1", documentId: "d1", quote: "the party" }], people: [] },
    });
    expect(describeTarget(e)).toMatchObject({ kind: "annotation", label: "“the party”", note: "on “Lessons”", href: "/documents/d1?a=a1" });
    expect(texts(e)).toEqual(["Ruled contested", "Closed 2 open disputes"]);
  });

  it("says what happened per type, in words", () => {
    expect(
      texts(event({ type: "document_version_added", detail: { title: "T", version: 2, note: "Fixed", format: "text", anchoring: { exact: 6, moved: 0, fuzzy: 1, orphaned: 1 } } })),
    ).toEqual(["Version 2: “Fixed”", "Format: text", "Annotations: 6 exact, 1 fuzzy, 1 orphaned"]);
    expect(texts(event({ type: "role_changed", detail: { from: "reviewer", to: "editor" } }))).toEqual(["From reviewer to editor"]);
    expect(texts(event({ type: "password_reset", detail: { sessionsEnded: 2, tokensRevoked: 1 } }))).toEqual(["Ended 2 sessions", "Revoked 1 API token"]);
    expect(texts(event({ type: "sign_in_failed", detail: { email: "x@y.z", reason: "wrong_password" } }))).toEqual(["Email tried: x@y.z", "Wrong password"]);
    expect(texts(event({ type: "token_created", detail: { tokenId: "t", name: "export", prefix: "apx_ab", expiresAt: null } }))).toEqual([
      "Token “export” (apx_ab…)",
      "Never expires",
    ]);
    expect(
      texts(event({ type: "ruling_withdrawn", detail: { classification: "opinion", ruledBy: "u1", disputesReopened: 1 }, refs: { documents: [], annotations: [], people: [{ id: "u1", name: "Edith", email: "e@x" }] } })),
    ).toEqual(["Withdrew the ruling “opinion” by Edith", "Reopened 1 dispute"]);
    expect(texts(event({ type: "import", detail: { via: "cli", documents: { created: 3, matched: 0 } } }))).toEqual(["From the command line", "Documents: 3 created"]);
    expect(texts(event({ type: "something_new", detail: { someKey: "v" } }))).toEqual(["Some key: v"]);
  });

  it("links an annotation an admin deleted to its document, and to itself once restored", () => {
    const refs = { documents: [{ id: "d1", title: "Lessons", live: true }], annotations: [], people: [] };
    const deleted = describeDetail(event({ type: "annotation_deleted", detail: { annotationId: "a1", documentId: "d1" }, refs }));
    expect(deleted.map((l) => [l.label, l.text, l.thing?.href])).toEqual([
      ["Annotation", "An annotation since deleted", null],
      ["In", "Lessons", "/documents/d1"],
    ]);
    const restored = describeDetail(event({ type: "annotation_restored", detail: { annotationId: "a1", documentId: "d1" }, refs: { ...refs, annotations: [{ id: "a1", documentId: "d1", quote: "q" }] } }));
    expect(restored[0].thing?.href).toBe("/documents/d1?a=a1");
  });
});
