import { describe, expect, it } from "vitest";
import { parseNote, type NoteDoc } from "./schema";
import { htmlToNote, noteToHtml, noteToPlainText, plainTextToNote } from "./text";

const rich: NoteDoc = {
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: [
        { type: "text", text: "See " },
        { type: "text", text: "the ", marks: [{ type: "link", attrs: { href: "https://example.org/a?b=1&c=2" } }] },
        { type: "text", text: "source", marks: [{ type: "link", attrs: { href: "https://example.org/a?b=1&c=2" } }, { type: "bold" }] },
        { type: "text", text: " and " },
        { type: "text", text: "this", marks: [{ type: "italic" }] },
        { type: "hardBreak" },
        { type: "text", text: "second line" },
      ],
    },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "first" }] }] },
        {
          type: "listItem",
          content: [
            { type: "paragraph", content: [{ type: "text", text: "second" }] },
            { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "nested" }] }] }] },
          ],
        },
      ],
    },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "quoted" }] }] },
  ],
};

const para = (s: string): NoteDoc => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: s }] }] });

describe("noteToHtml", () => {
  it("serialises the allowed structure with shared marks kept open", () => {
    expect(noteToHtml(rich)).toBe(
      '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">the <strong>source</strong></a> and <em>this<br></em>second line</p>' +
        '<ul><li><p>first</p></li><li><p>second</p><ol start="3"><li><p>nested</p></li></ol></li></ul>' +
        "<blockquote><p>quoted</p></blockquote>",
    );
  });

  it("escapes script-looking text instead of emitting markup", () => {
    expect(noteToHtml(para(`<script>alert(1)</script> & "quotes" 'single'`))).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;</p>",
    );
  });

  it("escapes attribute values and drops links whose href is unsafe even if the doc was never validated", () => {
    const sneaky = (href: string): NoteDoc => ({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href } }] }] }],
    });
    expect(noteToHtml(sneaky('https://example.org/"onmouseover="alert(1)'))).toBe(
      '<p><a href="https://example.org/%22onmouseover=%22alert(1)" rel="nofollow noopener noreferrer">x</a></p>',
    );
    expect(noteToHtml(sneaky("javascript:alert(1)"))).toBe("<p>x</p>");
  });
});

describe("htmlToNote", () => {
  it("round-trips noteToHtml output with the same structure", () => {
    expect(htmlToNote(noteToHtml(rich))).toEqual(rich);
  });

  it("drops <script>, <style> and <template> contents entirely", () => {
    const doc = htmlToNote("<p>before<script>alert(1)</script><style>p{}</style><template><b>t</b></template>after</p>");
    expect(doc).toEqual(para("beforeafter"));
  });

  it("drops <img onerror> and event-handler attributes, keeping the text", () => {
    const doc = htmlToNote('<p onclick="alert(1)">Hi <img src=x onerror="alert(1)"><span onmouseover="alert(2)">there</span></p>');
    expect(doc).toEqual(para("Hi there"));
    expect(noteToHtml(doc)).toBe("<p>Hi there</p>");
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "java&#x09;script:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:x",
    "/relative",
  ])("drops the link but keeps the text for href %j", (href) => {
    expect(htmlToNote(`<p><a href="${href}">click</a></p>`)).toEqual(para("click"));
  });

  it("keeps safe links, normalised, and maps b/i to bold/italic", () => {
    expect(htmlToNote('<a href="HTTPS://EXAMPLE.org" target="_top" onclick="x()"><b>go</b></a> <i>now</i>')).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "go", marks: [{ type: "link", attrs: { href: "https://example.org/" } }, { type: "bold" }] },
            { type: "text", text: " " },
            { type: "text", text: "now", marks: [{ type: "italic" }] },
          ],
        },
      ],
    });
  });

  it("reduces unknown elements to text and splits block elements into paragraphs", () => {
    const doc = htmlToNote("<h1>Title</h1><div>Body <u>under</u> <code>code</code></div><table><tr><td>cell</td></tr></table>");
    expect(noteToPlainText(doc)).toBe("Title\nBody under code\ncell");
    expect(doc.content).toHaveLength(3);
  });

  it("drops SVG and MathML markup, keeping only text", () => {
    const doc = htmlToNote('<svg><a href="javascript:alert(1)"><text>svg text</text></a><script>alert(1)</script></svg>');
    expect(doc).toEqual(para("svg text"));
  });

  it("collapses HTML whitespace and keeps <pre> line breaks", () => {
    expect(htmlToNote("<p>  a \n  b  </p>")).toEqual(para("a b"));
    expect(htmlToNote("<pre>x\n  y</pre>").content[0]).toEqual({
      type: "paragraph",
      content: [{ type: "text", text: "x" }, { type: "hardBreak" }, { type: "text", text: "  y" }],
    });
  });

  it("produces a valid empty note from empty or script-only input", () => {
    expect(htmlToNote("")).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
    expect(parseNote(htmlToNote("<script>alert(1)</script>")).ok).toBe(true);
  });

  it("flattens hostile nesting so the result stays within the depth limit", () => {
    const quotes = "<blockquote>".repeat(50) + "deep" + "</blockquote>".repeat(50);
    const lists = "<ul><li>".repeat(50) + "deep" + "</li></ul>".repeat(50);
    const spans = "<span>".repeat(20_000) + "deep" + "</span>".repeat(20_000);
    for (const html of [quotes, lists, spans]) {
      const result = parseNote(htmlToNote(html));
      expect(result.ok).toBe(true);
      expect(result.ok && noteToPlainText(result.doc).trim().endsWith("deep")).toBe(true);
    }
  });

  it("always produces structure that parseNote accepts", () => {
    const samples = [
      "<li>stray item</li>",
      "<ul>text in list<li></li><p>para in list</p></ul>",
      "<ol start='0'><li><blockquote>q</blockquote></li></ol>",
      "<blockquote></blockquote><p></p>",
      "<b><p>bold para</p></b><br><br>",
      '<a href="https://x.example"><a href="https://y.example">nested</a></a>',
    ];
    for (const html of samples) expect(parseNote(htmlToNote(html)), html).toMatchObject({ ok: true });
  });
});

describe("plain text", () => {
  it("noteToPlainText separates paragraphs by newlines and prefixes list items", () => {
    expect(noteToPlainText(rich)).toBe("See the source and this\nsecond line\n• first\n• second\n  3. nested\nquoted");
  });

  it("plainTextToNote makes paragraphs from blank lines and hard breaks from single newlines", () => {
    expect(plainTextToNote("\n\nfirst\r\nline\n\n \n\nsecond\n\n")).toEqual({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "first" }, { type: "hardBreak" }, { type: "text", text: "line" }] },
        { type: "paragraph", content: [{ type: "text", text: "second" }] },
      ],
    });
    expect(plainTextToNote("   ")).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
  });

  it("plain text with markup stays text and passes validation", () => {
    const doc = plainTextToNote("<b>not bold</b>\n<script>x</script>");
    expect(parseNote(doc).ok).toBe(true);
    expect(noteToHtml(doc)).toBe("<p>&lt;b&gt;not bold&lt;/b&gt;<br>&lt;script&gt;x&lt;/script&gt;</p>");
    expect(noteToPlainText(doc)).toBe("<b>not bold</b>\n<script>x</script>");
  });
});
