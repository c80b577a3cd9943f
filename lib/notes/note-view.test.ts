import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NoteEditor, NoteView } from "@/components/notes";
import { NoteEditor as TiptapEditor } from "@/components/notes/note-editor";
import type { NoteDoc } from "./schema";
import { htmlToNote } from "./text";

const render = (doc: NoteDoc) => renderToStaticMarkup(createElement(NoteView, { doc }));
const linked = (href: string): NoteDoc => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: "here", marks: [{ type: "bold" }, { type: "link", attrs: { href } }] }] }],
});

describe("NoteView", () => {
  it("renders the allowed structure with safe links opening in a new tab", () => {
    const doc = htmlToNote('<p>a<br><a href="https://example.org/x"><b>b</b></a> <em>c</em></p><ol start="2"><li>one</li></ol><ul><li>two</li></ul><blockquote><p>q</p></blockquote>');
    expect(render(doc)).toBe(
      '<div class="note-view"><p>a<br/><a href="https://example.org/x" rel="nofollow noopener noreferrer" target="_blank"><strong>b</strong></a> <em>c</em></p>' +
        '<ol start="2"><li><p>one</p></li></ol><ul><li><p>two</p></li></ul><blockquote><p>q</p></blockquote></div>',
    );
  });

  it("renders script-looking text escaped, as text", () => {
    const doc: NoteDoc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "<script>alert(1)</script><img src=x onerror=alert(1)>" }] }] };
    expect(render(doc)).toBe('<div class="note-view"><p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p></div>');
  });

  it("re-checks hrefs at render time and shows unsafe links as plain text", () => {
    expect(render(linked("javascript:alert(1)"))).toBe('<div class="note-view"><p><strong>here</strong></p></div>');
    expect(render(linked(" data:text/html,x"))).toBe('<div class="note-view"><p><strong>here</strong></p></div>');
    expect(render(linked("mailto:a@example.org"))).toContain('<a href="mailto:a@example.org"');
  });

  it("ignores node types outside the schema instead of rendering them", () => {
    const tampered = { type: "doc", content: [{ type: "image", attrs: { src: "x" } }, { type: "paragraph", content: [{ type: "html", value: "<b>x</b>" }] }] } as unknown as NoteDoc;
    expect(render(tampered)).toBe('<div class="note-view"><p></p></div>');
  });
});

describe("NoteEditor on the server", () => {
  it("renders its label and toolbar without creating the editor (immediatelyRender: false)", () => {
    const html = renderToStaticMarkup(createElement(TiptapEditor, { value: null, onChange: () => {}, id: "n1" }));
    expect(html).toContain('<label id="n1-label" class="note-label">Note</label>');
    expect(html).toContain('aria-label="Note formatting"');
    expect(html).not.toContain("contenteditable");
  });

  it("is the plain box until the editor has loaded (lazy-note-editor.tsx): same label and toolbar, the note's text", () => {
    const plain: NoteDoc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "first" }] }, { type: "paragraph" }, { type: "paragraph", content: [{ type: "text", text: "third" }] }] };
    const html = renderToStaticMarkup(createElement(NoteEditor, { value: plain, onChange: () => {}, id: "n1" }));
    expect(html).toContain('<label class="note-label" for="n1">Note</label>');
    expect(html).toContain('aria-label="Note formatting"');
    expect(html).toMatch(/<textarea id="n1" class="note-content note-content--box">first\n\nthird<\/textarea>/);
    expect(html).not.toContain("contenteditable");
    // A formatted note is shown as its text, read-only (the box would drop its formatting).
    const formatted = renderToStaticMarkup(createElement(NoteEditor, { value: linked("https://example.org"), onChange: () => {}, id: "n2" }));
    expect(formatted).toMatch(/<textarea id="n2" class="note-content note-content--box" readOnly="">here<\/textarea>/);
  });
});
