import { readFileSync } from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  MAX_TEXT_BYTES,
  countWords,
  cpLength,
  decodeUtf8,
  extractText,
  formatFromFileName,
  htmlToText,
  markdownToText,
  normaliseText,
  sha256Hex,
  type ExtractResult,
} from "./extract";

const FIXTURES = path.join(__dirname, "__fixtures__");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function expectOk(result: ExtractResult): Extract<ExtractResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result;
}

function expectRefused(result: ExtractResult, code: string): string {
  if (result.ok) throw new Error(`expected ${code}, got success: ${JSON.stringify(result.text.slice(0, 80))}`);
  expect(result.code).toBe(code);
  expect(result.message.length).toBeGreaterThan(10);
  return result.message;
}

/** Every string that would betray hostile content leaking into the text. */
const LEAKS = /alert|LEAK|javascript|onerror|onload|onclick|<|>|document\.write|color: red/;

describe("HTML import", () => {
  it("reduces a hostile HTML file to safe readable text, keeping paragraph breaks and nothing of scripts, styles or hidden content", () => {
    const result = expectOk(extractText({ bytes: fixture("hostile.html"), fileName: "hostile.html", mimeType: "text/html" }));
    expect(result.format).toBe("html");
    expect(result.title).toBe("Letter of the Abbot & Chapter");
    expect(result.text).not.toMatch(LEAKS);
    expect(result.text).toBe(
      [
        "The Abbot's Letter",
        "First paragraph with an image inside, and a click link.",
        "Name",
        "Second paragraph:\na new line, “quoted” — and café.",
        "• apples",
        "• pears",
        "  3. three",
        "  4. four",
        "Year | Event",
        "1215 | Magna Carta",
        "  indented\n    code  kept",
      ].join("\n\n"),
    );
  });

  it("drops script, event-handler image, javascript: link target, style and hidden div from a short snippet", () => {
    const { text } = htmlToText(
      '<p>Before</p><script>alert(1)</script><img src=x onerror=alert(1)><p><a href="javascript:alert(1)">click</a> here</p>' +
        "<style>p{color:red}</style><div hidden>secret</div><p>After</p>",
    );
    expect(text).toBe("Before\n\nclick here\n\nAfter");
  });

  it("drops every kind of hidden or non-content element", () => {
    const { text } = htmlToText(
      [
        "<p>keep 1</p>",
        '<p style="DISPLAY:none">x</p>',
        '<p style="visibility: hidden">x</p>',
        '<p aria-hidden="TRUE">x</p>',
        "<p hidden>x</p>",
        "<noscript>x</noscript>",
        "<template>x</template>",
        "<object>x</object>",
        "<embed src=x>",
        "<canvas>x</canvas>",
        "<iframe>x</iframe>",
        "<svg><text>x</text></svg>",
        "<input value=x><button>x</button><select><option>x</option></select><textarea>x</textarea>",
        '<p aria-hidden="false">keep 2</p>',
        '<p style="display: block">keep 3</p>',
      ].join(""),
    );
    expect(text).toBe("keep 1\n\nkeep 2\n\nkeep 3");
  });

  it("takes the title from <title>, else from the first <h1>, and keeps the <title> text out of the body text", () => {
    expect(htmlToText("<title> A  title </title><h1>Heading</h1><p>x</p>")).toEqual({ text: "Heading\n\nx", title: "A title" });
    expect(htmlToText("<h1>The <i>Heading</i></h1><h1>Second</h1><p>x</p>").title).toBe("The Heading");
    expect(htmlToText("<p>no heading</p>").title).toBeUndefined();
    expect(htmlToText("<h1 hidden>Hidden</h1><h1>Shown</h1>").title).toBe("Shown");
  });

  it("collapses whitespace outside <pre>, trims paragraph edges and keeps <pre> whitespace", () => {
    const { text } = htmlToText("<p>  one \n\t two   <b> three </b>  </p><pre>\n  a  b\n\tc\n</pre><div>\n four\n</div>");
    expect(text).toBe("one two three\n\n  a  b\n\tc\n\nfour");
  });

  it("turns <br> into a line break and never leaves more than one blank line in a row", () => {
    expect(htmlToText("<p>a<br>b<br><br><br><br>c</p><p></p><div> </div><p>d</p>").text).toBe("a\nb\n\nc\n\nd");
    expect(htmlToText("<pre>a\n\n\n\n\nb</pre>").text).toBe("a\n\nb");
  });

  it("prefixes list items with bullets or their ordered number, honouring start, value and nesting", () => {
    const { text } = htmlToText(
      "<ul><li>a</li><li>b<ul><li>b1</li></ul></li></ul><ol><li>one</li><li>two</li><li value=7>seven</li><li>eight</li></ol><ol start=5><li><p>five</p><p>more</p></li></ol>",
    );
    expect(text).toBe(["• a", "• b", "  • b1", "1. one", "2. two", "7. seven", "8. eight", "5. five", "more"].join("\n\n"));
  });

  it("separates table cells with ' | ' and puts each row in its own paragraph", () => {
    const { text } = htmlToText(
      "<table><caption>Tithes</caption><thead><tr><th>Year</th><th>Amount</th></tr></thead>" +
        "<tbody><tr><td><p>1210</p></td><td>3 <i>marks</i></td></tr><tr><td></td><td></td></tr></tbody></table>",
    );
    expect(text).toBe("Tithes\n\nYear | Amount\n\n1210 | 3 marks");
  });

  it("decodes entities and keeps only the text of links", () => {
    const { text } = htmlToText('<p>&lt;b&gt; &amp; &eacute; &#x1F600; <a href="https://example.org">the archive</a></p>');
    expect(text).toBe("<b> & é 😀 the archive");
  });

  it("refuses an HTML file that contains only a script as EMPTY", () => {
    const message = expectRefused(extractText({ bytes: utf8("<html><head><script>alert(1)</script></head><body> </body></html>"), fileName: "x.html" }), "EMPTY");
    expect(message).toMatch(/empty/i);
  });

  it("handles very deeply nested markup without overflowing the stack", () => {
    const depth = 50_000;
    const { text } = htmlToText("<div>".repeat(depth) + "deep" + "</div>".repeat(depth));
    expect(text).toBe("deep");
  });
});

describe("Markdown import", () => {
  it("renders the notes fixture (headings, lists, links, emphasis, raw script) to readable text", () => {
    const result = expectOk(extractText({ bytes: fixture("notes.md"), fileName: "notes.md" }));
    expect(result.format).toBe("markdown");
    expect(result.title).toBe("Field notes");
    expect(result.text).not.toMatch(LEAKS);
    expect(result.text).not.toMatch(/[*`#\[\]]/);
    expect(result.text).toBe(
      [
        "Field notes",
        "Some emphasis, some strong text and a link to the archive. A soft line break continues the paragraph.",
        "Sources",
        "• first source",
        "• second source with code",
        "  • nested item",
        "1. one",
        "2. two",
        "A quoted passage.",
        "bad link and inline html.",
        "keep   this\n  spacing",
      ].join("\n\n"),
    );
  });

  it("takes the title from the first level-1 heading only", () => {
    expect(markdownToText("## Sub\n\n# Main\n\ntext").title).toBe("Main");
    expect(markdownToText("## Sub\n\ntext").title).toBeUndefined();
  });

  it("reduces raw HTML and script inside markdown safely", () => {
    const { text } = markdownToText('Hello <script>alert(1)</script> <img src=x onerror=alert(1)> **world**\n\n<div hidden>secret</div>');
    expect(text).toBe("Hello world");
  });

  it("falls back to storing the source as plain text when marked cannot render it", () => {
    const source = ">".repeat(20_000) + " deep";
    const result = expectOk(extractText({ text: source, format: "markdown" }));
    expect(result.format).toBe("text");
    expect(result.text).toBe(source);
  });
});

describe("plain text import", () => {
  it("stores text outside the Basic Multilingual Plane exactly and counts its length in code points", () => {
    const source = "Emoji 😀, bold 𝐀𝐁, combining e\u0301 and \u201Ccurly\u201D quotes \u2014 dash";
    const result = expectOk(extractText({ bytes: utf8(source), fileName: "unicode.txt" }));
    expect(result.text).toBe(source);
    expect(cpLength(result.text)).toBe(Array.from(source).length);
    expect(cpLength(result.text)).toBe(source.length - 3); // 😀, 𝐀 and 𝐁 are two UTF-16 units each
    expect(cpLength("e\u0301")).toBe(2); // a combining accent is its own code point
  });

  it("keeps the unicode fixture byte for byte apart from the leading byte-order mark", () => {
    const bytes = fixture("unicode.txt");
    const result = expectOk(extractText({ bytes, fileName: "unicode.txt" }));
    expect(result.text).toBe(new TextDecoder().decode(bytes)); // TextDecoder drops the BOM by default
    expect(result.text).toBe("Café “quoted” — 😀 𝐀 e\u0301\n");
    expect(cpLength(result.text)).not.toBe(result.text.length);
  });

  it("normalises CRLF and lone CR line endings to LF and changes nothing else", () => {
    const result = expectOk(extractText({ bytes: fixture("crlf.txt"), fileName: "crlf.txt" }));
    expect(result.text).toBe("Line one\nLine two\nLine three\n");
    expect(normaliseText("\uFEFF\uFEFFa\r\n\r\nb\r \t c  \n")).toBe("\uFEFFa\n\nb\n \t c  \n");
  });

  it("keeps leading and trailing whitespace of plain text, and markup characters as they are", () => {
    const source = "  <b>not html</b> *not markdown*  \n\n\n";
    expect(expectOk(extractText({ text: source })).text).toBe(source);
  });

  it("treats pasted text as plain text unless a format is given", () => {
    // (toMatchObject: the result also carries `structure` and `metadata` now)
    expect(expectOk(extractText({ text: "# Title\n\n*x*" }))).toMatchObject({ ok: true, text: "# Title\n\n*x*", format: "text" });
    expect(expectOk(extractText({ text: "# Title\n\n*x*" })).title).toBeUndefined();
    expect(expectOk(extractText({ text: "# Title\n\n*x*", format: "markdown" }))).toMatchObject({
      ok: true,
      text: "Title\n\nx",
      format: "markdown",
      title: "Title",
    });
    expect(expectOk(extractText({ text: "<p>a</p><p>b</p>", format: "html" })).text).toBe("a\n\nb");
  });
});

describe("refused uploads", () => {
  it("refuses a text of invisible characters only (zero-width spaces, a BOM, word joiners) as EMPTY", () => {
    for (const text of ["\u200b\u200b\ufeff\u2060", " \u200b\n\u00ad\t"]) {
      expectRefused(extractText({ text, format: "text" }), "EMPTY");
      expectRefused(extractText({ bytes: utf8(text), fileName: "blank.txt" }), "EMPTY");
    }
    expect(extractText({ text: "\u200bA word.", format: "text" }).ok).toBe(true);
  });

  it("refuses an empty file as EMPTY", () => {
    expect(expectRefused(extractText({ bytes: new Uint8Array(0), fileName: "empty.txt" }), "EMPTY")).toMatch(/empty/i);
    expectRefused(extractText({ bytes: fixture("empty.txt"), fileName: "empty.txt" }), "EMPTY");
    expectRefused(extractText({ text: "" }), "EMPTY");
  });

  it("refuses a whitespace-only file as EMPTY", () => {
    expectRefused(extractText({ bytes: fixture("whitespace.txt"), fileName: "whitespace.txt" }), "EMPTY");
    expectRefused(extractText({ bytes: utf8("\uFEFF \n\t"), fileName: "bom.txt" }), "EMPTY");
    expectRefused(extractText({ text: " \r\n ", format: "markdown" }), "EMPTY");
  });

  it("refuses a PNG image renamed to .txt as BINARY and names the kind", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x01, 0x02, 0x03]);
    const message = expectRefused(extractText({ bytes: png, fileName: "photo.txt", mimeType: "text/plain" }), "BINARY");
    expect(message).toMatch(/binary file \(PNG image\)/);
    expect(message).toMatch(/\.txt, \.md or \.html/);
    expect(expectRefused(extractText({ bytes: fixture("png-renamed.txt"), fileName: "png-renamed.txt" }), "BINARY")).toMatch(/PNG/);
  });

  it.each([
    ["PDF document", utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj")],
    ["JPEG image", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])],
    ["GIF image", utf8("GIF89a\u0001")],
    ["ZIP archive", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
    ["gzip archive", new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00])],
  ])("refuses a %s renamed to .txt as BINARY", (kind, bytes) => {
    expect(expectRefused(extractText({ bytes, fileName: "renamed.txt" }), "BINARY")).toContain(kind);
  });

  it("refuses bytes containing NUL, or mostly control characters, as BINARY", () => {
    expectRefused(extractText({ bytes: new Uint8Array([0x68, 0x69, 0x00, 0x21, 0xff]), fileName: "x.txt" }), "BINARY");
    expectRefused(extractText({ bytes: new Uint8Array([0x01, 0x02, 0x03, 0x41, 0x42, 0x04, 0x05]), fileName: "x.txt" }), "BINARY");
    expectRefused(extractText({ text: "pasted\u0000text" }), "BINARY");
  });

  it("refuses a Windows-1252 file (0x93 curly quote) as ENCODING and says to convert it to UTF-8", () => {
    const bytes = new Uint8Array([0x48, 0x65, 0x20, 0x73, 0x61, 0x69, 0x64, 0x20, 0x93, 0x68, 0x69, 0x94]); // He said “hi”
    const message = expectRefused(extractText({ bytes, fileName: "letter.txt" }), "ENCODING");
    expect(message).toMatch(/not valid UTF-8/);
    expect(message).toMatch(/Windows-1252/);
    expect(message).toMatch(/convert it to UTF-8/);
    expect(message).toMatch(/line 1, byte 9/);
    expectRefused(extractText({ bytes: fixture("windows-1252.txt"), fileName: "windows-1252.txt" }), "ENCODING");
  });

  it("refuses a UTF-16 LE file with a byte-order mark as ENCODING that mentions UTF-16", () => {
    const body = "Hello, world\r\n";
    const bytes = new Uint8Array(2 + body.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < body.length; i++) bytes[2 + i * 2] = body.charCodeAt(i);
    expect(expectRefused(extractText({ bytes, fileName: "utf16.txt" }), "ENCODING")).toMatch(/UTF-16/);
    expect(expectRefused(extractText({ bytes: fixture("utf16le.txt"), fileName: "utf16le.txt" }), "ENCODING")).toMatch(/UTF-16/);
    // The same without a byte-order mark is still recognised as UTF-16 rather than called binary.
    expect(expectRefused(extractText({ bytes: bytes.subarray(2), fileName: "utf16.txt" }), "ENCODING")).toMatch(/UTF-16/);
  });

  it("refuses a file over 5 MB as TOO_LARGE, mentioning the limit", () => {
    const bytes = new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61);
    const message = expectRefused(extractText({ bytes, fileName: "big.txt" }), "TOO_LARGE");
    expect(message).toContain("5 MB");
    expectRefused(extractText({ text: "é".repeat(MAX_TEXT_BYTES / 2 + 1) }), "TOO_LARGE"); // 2 bytes each in UTF-8
  });

  it("accepts a file of exactly 5 MB", () => {
    const bytes = new Uint8Array(MAX_TEXT_BYTES).fill(0x61);
    expect(expectOk(extractText({ bytes, fileName: "limit.txt" })).text.length).toBe(MAX_TEXT_BYTES);
  });

  it("refuses unsupported file types as UNSUPPORTED_TYPE", () => {
    expect(expectRefused(extractText({ bytes: utf8("x"), fileName: "scan.pdf", mimeType: "application/pdf" }), "UNSUPPORTED_TYPE")).toMatch(/\.pdf/);
    expectRefused(extractText({ bytes: utf8("x"), fileName: "data", mimeType: "application/octet-stream" }), "UNSUPPORTED_TYPE");
  });

  it("refuses pasted text with unpaired surrogates as ENCODING", () => {
    expectRefused(extractText({ text: "broken \uD83D here" }), "ENCODING");
  });
});

describe("formatFromFileName", () => {
  it.each([
    ["notes.txt", undefined, "text"],
    ["notes.TEXT", undefined, "text"],
    ["notes.md", undefined, "markdown"],
    ["Notes.Markdown", undefined, "markdown"],
    ["page.html", undefined, "html"],
    ["PAGE.HTM", undefined, "html"],
    ["C:\\Users\\me\\page.htm", undefined, "html"],
    ["README", "text/markdown", "markdown"],
    ["upload", "text/html; charset=utf-8", "html"],
    ["upload", "text/plain", "text"],
    ["notes.md", "text/plain", "markdown"],
    ["scan.pdf", undefined, null],
    ["photo.png", "image/png", null],
    ["README", undefined, null],
    [".md", undefined, null],
    ["", "", null],
  ] as const)("%s (%s) → %s", (name, mime, expected) => {
    expect(formatFromFileName(name, mime)).toBe(expected);
  });
});

describe("decodeUtf8", () => {
  it("keeps a leading byte-order mark so that normaliseText removes exactly one", () => {
    expect(decodeUtf8(utf8("\uFEFFabc"))).toEqual({ ok: true, text: "\uFEFFabc" });
  });

  it("rejects overlong and surrogate encodings", () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xc0, 0xaf])).ok).toBe(false);
    expect(decodeUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80])).ok).toBe(false);
  });
});

describe("helpers", () => {
  it("hashes the UTF-8 bytes with SHA-256", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("café 😀")).toBe(createHash("sha256").update(Buffer.from("café 😀", "utf8")).digest("hex"));
  });

  it("counts words, treating apostrophes and hyphens inside words as part of them", () => {
    expect(countWords("")).toBe(0);
    expect(countWords("  \n ")).toBe(0);
    expect(countWords("The abbot's well-known letter — dated 1215, café e\u0301té 😀.")).toBe(8);
  });

  it("counts code points, not UTF-16 units", () => {
    expect(cpLength("")).toBe(0);
    expect(cpLength("abc")).toBe(3);
    expect(cpLength("😀")).toBe(1);
    expect("😀".length).toBe(2);
    expect(cpLength("𝐀x")).toBe(2);
  });

  it("returns plain data that survives structured cloning and JSON (it may cross a worker thread)", () => {
    for (const result of [
      extractText({ bytes: fixture("hostile.html"), fileName: "hostile.html", boilerplate: "drop" }),
      extractText({ bytes: fixture("notes.md"), fileName: "notes.md" }),
      extractText({ text: "---\ndate: 2024-01-02\n---\nBody [1].", format: "markdown" }),
      extractText({ bytes: fixture("crlf.txt"), fileName: "crlf.txt" }),
      extractText({ text: "" }),
    ]) {
      expect(structuredClone(result)).toEqual(result);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });

  it("is deterministic", () => {
    const html = new TextDecoder().decode(fixture("hostile.html"));
    expect(htmlToText(html)).toEqual(htmlToText(html));
    const md = new TextDecoder().decode(fixture("notes.md"));
    expect(markdownToText(md)).toEqual(markdownToText(md));
  });
});
