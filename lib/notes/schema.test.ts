import { describe, expect, it } from "vitest";
import { emptyNote, isEmptyNote, NOTE_MAX_CHARS, parseNote, safeHref, withLinkScheme, type NoteDoc } from "./schema";

const text = (value: string, marks?: unknown[]) => (marks ? { type: "text", text: value, marks } : { type: "text", text: value });
const para = (...content: unknown[]) => ({ type: "paragraph", content });
const doc = (...content: unknown[]) => ({ type: "doc", content });
const link = (href: unknown, extra: Record<string, unknown> = {}) => ({ type: "link", attrs: { href, ...extra } });
const withLink = (href: unknown) => doc(para(text("click", [link(href)])));

function refused(input: unknown): string {
  const result = parseNote(input);
  if (result.ok) throw new Error(`expected refusal, got ${JSON.stringify(result.doc)}`);
  return result.message;
}

describe("parseNote", () => {
  it("accepts a rich note with marks, lists, quotes and breaks", () => {
    const input = doc(
      para(text("Bold", [{ type: "bold" }]), text(" and "), text("italic", [{ type: "italic" }]), { type: "hardBreak" }, text("next line")),
      { type: "bulletList", content: [{ type: "listItem", content: [para(text("one")), { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [para(text("nested"))] }] }] }] },
      { type: "blockquote", content: [para(text("quoted"))] },
      para(text("mail", [link("mailto:a@example.org")])),
    );
    const result = parseNote(input);
    expect(result).toEqual({ ok: true, doc: input });
  });

  it("accepts the Tiptap editor's default link and list attrs and normalises them away", () => {
    const input = doc(
      para(text("site", [link("https://example.org/page?q=1#x", { target: "_blank", rel: "noopener noreferrer nofollow", class: null, title: null })])),
      { type: "orderedList", attrs: { start: 1, type: null }, content: [{ type: "listItem", content: [para(text("x"))] }] },
      { type: "paragraph" },
    );
    const result = parseNote(input);
    expect(result.ok && result.doc).toEqual(
      doc(
        para(text("site", [link("https://example.org/page?q=1#x")])),
        { type: "orderedList", content: [{ type: "listItem", content: [para(text("x"))] }] },
        { type: "paragraph" },
      ),
    );
  });

  it("normalises link hrefs to the form the browser would navigate to", () => {
    const result = parseNote(withLink("HTTPS://Example.ORG"));
    expect(result.ok && result.doc.content[0]).toEqual(para(text("click", [link("https://example.org/")])));
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\u0000javascript:alert(1)",
    "\u200bjavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/relative/path",
    "//evil.example/x",
    "example.org",
    "https://example.org/\nfoo",
    "ftp://example.org/file",
    "",
  ])("refuses link href %j", (href) => {
    expect(refused(withLink(href))).toMatch(/^content\.0\.content\.0\.marks\.0\.attrs\.href: link href must be/);
  });

  it("refuses a link without href or with an unexpected attribute", () => {
    expect(refused(doc(para(text("x", [{ type: "link", attrs: {} }]))))).toContain("attrs.href");
    expect(refused(doc(para(text("x", [link("https://example.org", { onclick: "alert(1)" })]))))).toMatch(/Unrecognized key: "onclick"/);
  });

  it("refuses unknown node types such as image or a codeBlock holding a script", () => {
    expect(refused(doc({ type: "image", attrs: { src: "x", onerror: "alert(1)" } }))).toBe(
      'content.0.type: unknown block node type "image"; allowed here: paragraph, bulletList, orderedList, blockquote',
    );
    expect(refused(doc({ type: "codeBlock", content: [text("<script>alert(1)</script>")] }))).toMatch(/unknown block node type "codeBlock"/);
    expect(refused(doc(para({ type: "mention", attrs: { id: 1 } })))).toMatch(/^content\.0\.content\.0\.type: unknown inline node type "mention"/);
  });

  it("refuses unknown marks, unknown attributes and duplicated marks", () => {
    expect(refused(doc(para(text("x", [{ type: "underline" }]))))).toMatch(/unknown mark type "underline"/);
    expect(refused(doc({ type: "paragraph", attrs: { style: "background:url(javascript:x)" }, content: [text("x")] }))).toMatch(/^content\.0\.attrs: Unrecognized key: "style"/);
    expect(refused(doc({ type: "paragraph", html: "<img src=x onerror=alert(1)>" }))).toMatch(/Unrecognized key: "html"/);
    expect(refused(doc(para(text("x", [{ type: "bold" }, { type: "bold" }]))))).toMatch(/mark "bold" appears twice/);
  });

  it("refuses wrong nesting", () => {
    expect(refused(doc(text("loose text")))).toMatch(/^content\.0\.type: unknown block node type "text"/);
    expect(refused(doc(para(para(text("x")))))).toMatch(/unknown inline node type "paragraph"/);
    expect(refused(doc({ type: "bulletList", content: [para(text("x"))] }))).toMatch(/^content\.0\.content\.0\.type/);
    expect(refused(doc({ type: "bulletList", content: [{ type: "listItem", content: [{ type: "bulletList", content: [] }] }] }))).toMatch(/content\.0\.content\.0\.content\.0\.type/);
    expect(refused(doc({ type: "bulletList", content: [] }))).toMatch(/at least one listItem/);
    expect(refused({ type: "doc", content: [] })).toMatch(/at least one block/);
    expect(refused({ type: "paragraph" })).toMatch(/^type:/);
    expect(refused(doc(para({ type: "text", text: "" })))).toMatch(/text must not be empty/);
    expect(refused(doc({ type: "orderedList", attrs: { start: -1 }, content: [{ type: "listItem", content: [para(text("x"))] }] }))).toMatch(/attrs\.start/);
  });

  it("accepts script-looking text as plain text", () => {
    const input = doc(para(text("<script>alert(1)</script>")));
    expect(parseNote(input)).toEqual({ ok: true, doc: input });
  });

  it("refuses notes longer than NOTE_MAX_CHARS but accepts exactly the limit", () => {
    expect(parseNote(doc(para(text("a".repeat(NOTE_MAX_CHARS))))).ok).toBe(true);
    expect(refused(doc(para(text("a".repeat(NOTE_MAX_CHARS))), para(text("b"))))).toBe(`note: note is longer than ${NOTE_MAX_CHARS} characters`);
    // one text over the limit (a plain-text note sent by a script is one paragraph) is told the same,
    // not by the path of a node the sender never wrote
    expect(refused(doc(para(text("a".repeat(NOTE_MAX_CHARS + 1)))))).toBe(`note: note is longer than ${NOTE_MAX_CHARS} characters`);
  });

  it("refuses nesting deeper than 20 levels, even absurdly deep input, without overflowing the stack", () => {
    const nest = (levels: number) => {
      let node: unknown = para(text("deep"));
      for (let i = 0; i < levels; i++) node = { type: "blockquote", content: [node] };
      return doc(node);
    };
    expect(parseNote(nest(17)).ok).toBe(true); // doc + 17 quotes + paragraph + text = 20
    expect(refused(nest(18))).toMatch(/nested deeper than 20 levels/);
    expect(refused(nest(100_000))).toMatch(/nested deeper than 20 levels/);
  });

  it("refuses more than 5000 nodes", () => {
    const many = doc(...Array.from({ length: 2_500 }, () => para(text("x"))));
    expect(refused(many)).toMatch(/more than 5000 nodes/);
  });

  it("bounds every array and string before validating: huge marks or attrs are refused, never thrown", () => {
    // 200,000 marks overflowed the stack in validation (a 500); a mere 30,000 cost seconds of CPU.
    const started = performance.now();
    expect(refused(doc(para(text("x", Array.from({ length: 200_000 }, () => ({ type: "bold" }))))))).toMatch(/more than 3 marks/);
    expect(refused(doc(para(text("x", Array.from({ length: 30_000 }, () => ({ type: "italic" }))))))).toMatch(/more than 3 marks/);
    expect(refused(doc(para(text("x", [{ type: "bold" }, { type: "italic" }, link("https://a.example"), { type: "bold" }]))))).toMatch(/more than 3 marks/);
    // Arrays and strings where the schema wants none: refused before the schema walks them.
    expect(refused(doc(para(text("x", [{ type: "link", attrs: { href: "https://a.example", class: Array.from({ length: 100_000 }, () => "c") } }]))))).toMatch(
      /array of more than 5000 entries/,
    );
    expect(refused(doc(para(text("x", [link("https://a.example", { title: "t".repeat(NOTE_MAX_CHARS + 1) })]))))).toMatch(/longer than 20000/);
    expect(refused(doc({ type: "paragraph", attrs: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 1])) }))).toMatch(/more than 8 keys/);
    expect(refused(doc(...Array.from({ length: 1_000 }, () => para(...Array.from({ length: 50 }, () => ({ type: "hardBreak" }))))))).toMatch(/more than 5000 nodes|values/);
    expect(performance.now() - started).toBeLessThan(5_000);
    // Three different marks are fine.
    expect(parseNote(doc(para(text("x", [{ type: "bold" }, { type: "italic" }, link("https://a.example")])))).ok).toBe(true);
  });

  it("refuses non-objects with a message instead of throwing", () => {
    expect(refused(null)).toMatch(/^note: /);
    expect(refused("<p>hi</p>")).toMatch(/^note: /);
  });
});

describe("safeHref", () => {
  it("returns the normalised URL only for http, https and mailto", () => {
    expect(safeHref("https://example.org/a b")).toBeNull();
    expect(safeHref("http://example.org")).toBe("http://example.org/");
    expect(safeHref("mailto:someone@example.org")).toBe("mailto:someone@example.org");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref(42)).toBeNull();
  });
});

describe("emptyNote / isEmptyNote", () => {
  it("an empty note is valid and empty", () => {
    const result = parseNote(emptyNote());
    expect(result.ok).toBe(true);
    expect(isEmptyNote(emptyNote())).toBe(true);
  });

  it("whitespace and breaks only count as empty; any visible text does not", () => {
    const blank = doc(para(text("  "), { type: "hardBreak" }), { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] }) as NoteDoc;
    expect(isEmptyNote(blank)).toBe(true);
    const nested = doc({ type: "blockquote", content: [para(text("x"))] }) as NoteDoc;
    expect(isEmptyNote(nested)).toBe(false);
  });
});

describe("withLinkScheme", () => {
  it("adds https:// to a bare domain and mailto: to an address, and leaves everything else as typed", () => {
    expect(withLinkScheme(" example.org/archive ")).toBe("https://example.org/archive");
    expect(withLinkScheme("www.example.org")).toBe("https://www.example.org");
    expect(withLinkScheme("example.org:8080/a?b=c#d")).toBe("https://example.org:8080/a?b=c#d");
    expect(withLinkScheme("someone@example.org")).toBe("mailto:someone@example.org");
    expect(withLinkScheme("https://example.org")).toBe("https://example.org");
    expect(withLinkScheme("javascript:alert(1)")).toBe("javascript:alert(1)");
    for (const t of ["archive", "/relative/path", "//evil.example", "two words.org", ""]) expect(withLinkScheme(t)).toBe(t.trim());
    expect(safeHref(withLinkScheme("example.org/archive"))).toBe("https://example.org/archive");
  });
});
