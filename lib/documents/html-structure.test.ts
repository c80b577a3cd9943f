// The structure layer of HTML and Markdown uploads: what each range covers in the stored text,
// that hostile markup yields no script and no hostile link, and that deep markup is handled.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { extractText, type ExtractResult } from "./extract";
import { structureProblems, type StructureRange } from "./structure";
import { generatedCorpus } from "./__fixtures__/corpus";

type Ok = Extract<ExtractResult, { ok: true }>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateSchema = ajv.compile(JSON.parse(readFileSync(path.resolve(__dirname, "../export/document-structure.v1.schema.json"), "utf8")));

function html(source: string, boilerplate?: "drop" | "keep"): Ok {
  const r = extractText({ text: source, format: "html", boilerplate });
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
}

/** Each range as [type, covered text, extra], to compare readably. */
function covered(r: Ok, types?: StructureRange["type"][]) {
  return r.structure.ranges
    .filter((x) => !types || types.includes(x.type))
    .map((x) => {
      const { type, start, end, ...extra } = x;
      const text = cpSlice(r.text, start, end);
      return Object.keys(extra).length > 0 ? [type, text, extra] : [type, text];
    });
}

function expectValid(r: Ok) {
  expect(structureProblems(r.structure, Array.from(r.text).length)).toEqual([]);
}

describe("structure of HTML", () => {
  it("headings with their level, paragraphs, lists and items (with their markers), quotes, emphasis and links", () => {
    const r = html(
      "<h1>Title</h1><p>Some <em>stress</em> and <strong>weight</strong> and <a href='https://example.org/a'>a link</a>.</p>" +
        "<h2>Sub</h2><ol><li>one</li><li>two <i>too</i></li></ol><blockquote><p>Quoted.</p></blockquote><pre>  code\n  kept</pre>",
    );
    expect(r.text).toBe("Title\n\nSome stress and weight and a link.\n\nSub\n\n1. one\n\n2. two too\n\nQuoted.\n\n  code\n  kept");
    expect(covered(r)).toEqual([
      ["heading", "Title", { level: 1 }],
      ["paragraph", "Some stress and weight and a link."],
      ["emphasis", "stress"],
      ["strong", "weight"],
      ["link", "a link", { url: "https://example.org/a" }],
      ["heading", "Sub", { level: 2 }],
      ["list", "1. one\n\n2. two too", { ordered: true }],
      ["listItem", "1. one"],
      ["paragraph", "1. one"],
      ["listItem", "2. two too"],
      ["paragraph", "2. two too"],
      ["emphasis", "too"],
      ["quote", "Quoted."],
      ["paragraph", "Quoted."],
      ["preformatted", "  code\n  kept"],
    ]);
    expectValid(r);
  });

  it("counts offsets in code points, across characters outside the Basic Multilingual Plane", () => {
    const r = html("<p>😀 𝐀 <a href='https://example.org/'>link 😀</a> end</p>");
    const link = r.structure.ranges.find((x) => x.type === "link")!;
    expect(link.start).toBe(4);
    expect(cpSlice(r.text, link.start, link.end)).toBe("link 😀");
  });

  it("images are empty ranges at their place with their alt text, which is not in the text", () => {
    const r = html("<p>Before <img src='map.png' alt=' A  map of\nthe port '> after <img src=x alt=''><img src=y hidden alt='hidden'></p>");
    expect(r.text).toBe("Before after");
    const images = r.structure.ranges.filter((x) => x.type === "image");
    expect(images).toEqual([{ type: "image", start: 7, end: 7, alt: "A map of the port" }]);
  });

  it("Wikipedia-style citation markers are linked to their reference-list notes", () => {
    const r = html(
      "<p>Stalin is considered one of the worst figures.<sup class='reference'><a href='#cite_note-1'>[1]</a></sup>" +
        "<sup class='reference'><a href='#cite_note-2'>[2]</a></sup> More.<sup><a href='#cite_note-1'>[1]</a></sup></p>" +
        "<h2>References</h2><ol class='references'><li id='cite_note-1'><a href='#cite_ref-1'>^</a> Smith 2001, p. 3.</li>" +
        "<li id='cite_note-2'><a href='#cite_ref-2'>^</a> <a href='https://example.org/jones'>Jones</a> 2004.</li></ol>",
    );
    expect(covered(r, ["citation", "note"])).toEqual([
      ["citation", "[1]", { label: "1", note: "n1" }],
      ["citation", "[2]", { label: "2", note: "n2" }],
      ["citation", "[1]", { label: "1", note: "n1" }],
      ["note", "^ Smith 2001, p. 3.", { id: "n1", label: "1" }],
      ["note", "^ Jones 2004.", { id: "n2", label: "2" }],
    ]);
    expectValid(r);
  });

  it("pandoc-style footnotes (a > sup, role=doc-noteref) are recognised; their back links are not", () => {
    const r = html(
      "<p>A claim.<a href='#fn1' class='footnote-ref' id='fnref1' role='doc-noteref'><sup>1</sup></a></p>" +
        "<section class='footnotes' role='doc-endnotes'><ol><li id='fn1'><p>The note.<a href='#fnref1' class='footnote-back' role='doc-backlink'>↩︎</a></p></li></ol></section>",
    );
    expect(covered(r, ["citation", "note"])).toEqual([
      ["citation", "1", { label: "1", note: "n1" }],
      ["note", "The note.↩︎", { id: "n1", label: "1" }],
    ]);
  });

  it("a bare superscript number is a marker after punctuation, not in a formula; an inline anchor note runs to its paragraph's end", () => {
    const r = html("<p>E = mc<sup>2</sup>, as claimed.<sup>3</sup></p><p><a name='n3'></a>3. The source.</p><p>See <a href='#n3'>[3]</a></p>");
    expect(covered(r, ["citation"])).toEqual([
      ["citation", "3", { label: "3" }],
      ["citation", "[3]", { label: "3" }],
    ]);
  });

  it("[12]-style markers written as text are recognised too, without counting a marked-up one twice", () => {
    const r = html("<p>Claim one. [12] Claim two.<sup><a href='#x'>[13]</a></sup> Not [a note] nor [sic].</p>");
    expect(covered(r, ["citation"])).toEqual([
      ["citation", "[12]", { label: "12" }],
      ["citation", "[13]", { label: "13" }],
    ]);
  });

  it("relative links resolve against <base> or the canonical URL; without either they are not kept", () => {
    expect(covered(html("<link rel=canonical href='https://news.example/2024/a'><p><a href='/about'>About</a></p>"), ["link"])).toEqual([
      ["link", "About", { url: "https://news.example/about" }],
    ]);
    expect(covered(html("<p><a href='/about'>About</a> <a href='mailto:ed@example.org'>mail</a></p>"), ["link"])).toEqual([
      ["link", "mail", { url: "mailto:ed@example.org" }],
    ]);
  });

  it("ranges across table cells, <br> and collapsed whitespace cover exactly their text", () => {
    const r = html("<table><tr><td>  <b> bold \n cell </b> </td><td><a href='https://example.org/'>link<br>two</a></td></tr></table>");
    expect(r.text).toBe("bold cell | link two");
    expect(covered(r)).toEqual([
      ["paragraph", "bold cell | link two"],
      ["strong", "bold cell"],
      ["link", "link two", { url: "https://example.org/" }],
    ]);
  });
});

describe("hostile HTML", () => {
  const HOSTILE =
    "<body onload='alert(1)'><script>alert('SCRIPT')</script><h1 onclick='alert(2)'>Title</h1>" +
    "<p>One <a href='javascript:alert(3)'>js</a> <a href=' JAVASCRIPT:alert(4)'>js2</a> <a href='java&#09;script:alert(5)'>js3</a>" +
    " <a href='data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg=='>data</a> <a href='vbscript:x'>vb</a>" +
    " <a href='https://ok.example/' onclick='alert(7)'>ok</a> <img src=x onerror='alert(8)' alt='<script>alert(9)</script>'></p>" +
    "<svg><a href='https://svg.example/'><text>svg</text></a><script>alert(10)</script></svg>" +
    "<iframe srcdoc='<script>alert(11)</script>'></iframe><template><a href='https://t.example/'>t</a></template>" +
    "<table><tr><td><table><tr><td><a href='javascript:alert(12)'>inner</a></td></tr></table></td></tr></table>" +
    "<math><mtext><a href='javascript:alert(13)'>math</a></mtext></math><noscript><a href='https://n.example/'>ns</a></noscript>";

  it.each(["drop", "keep", undefined] as const)("no script survives and no hostile link is kept (boilerplate %s)", (choice) => {
    const r = html(HOSTILE, choice);
    expect(r.text).not.toMatch(/alert|SCRIPT|<script/i);
    const links = r.structure.ranges.filter((x) => x.type === "link");
    expect(links).toEqual([expect.objectContaining({ url: "https://ok.example/" })]);
    const json = JSON.stringify(r.structure);
    expect(json).not.toMatch(/javascript|vbscript|data:|alert\(\d+\)(?!<)/i.source === "" ? /$^/ : /javascript:|vbscript:|data:/i);
    // the alt text is kept as data (it is never markup), and it is the only place "script" appears
    expect(json.match(/script/g)?.length ?? 0).toBe(2);
    expectValid(r);
  });

  it.each([
    ["div", "<div>", "</div>"],
    ["blockquote", "<blockquote>", "</blockquote>"],
    ["em", "<em>", "</em>"],
    ["sup", "<sup>", "</sup>"],
    ["ul/li", "<ul><li>", "</li></ul>"],
    ["table", "<table><tr><td>", "</td></tr></table>"],
    ["a", "<a href='https://x.example/'>", "</a>"],
    ["span with id", "<span id='x'>", "</span>"],
  ])("10,000 levels of %s neither overflow the stack nor blow up the structure", { timeout: 120_000 }, (_, open, close) => {
    const depth = 10_000;
    const source = open.repeat(depth) + "deep [1] text" + close.repeat(depth) + "<p><a href='#x'>[1]</a></p>";
    // (dropping boilerplate extracts the full text first, so this covers both paths)
    const r = html(source, "drop");
    expect(r.text).toContain("deep [1] text");
    expect(r.structure.ranges.length).toBeLessThan(100);
    expectValid(r);
  });
});

describe("the generated corpus", () => {
  // (a generous time limit: this is a correctness test over many documents, not a speed target)
  it("every structure is valid (and valid by the JSON Schema of FORMAT.md), links are http(s) or mailto, and markup never reaches the text", { timeout: 180_000 }, () => {
    // Boilerplate dropping (Readability) is the slow part: every fifth HTML document takes that path too.
    generatedCorpus().forEach((c, i) => {
      for (const choice of c.format === "html" && i % 5 === 0 ? (["drop", undefined] as const) : ([undefined] as const)) {
        const r = extractText({ text: c.source, format: c.format, boilerplate: choice });
        if (!r.ok) continue;
        expect(structureProblems(r.structure, Array.from(r.text).length), c.name).toEqual([]);
        expect(validateSchema(r.structure), `${c.name}: ${ajv.errorsText(validateSchema.errors)}`).toBe(true);
        for (const x of r.structure.ranges) {
          if (x.type === "link") expect(x.url, c.name).toMatch(/^(https?:\/\/|mailto:)/);
          if (x.type === "citation") expect(cpSlice(r.text, x.start, x.end).normalize("NFKC"), c.name).toContain(x.label);
        }
        expect(r.text, c.name).not.toMatch(/LEAK|HIDDEN/);
        // (Markdown may show "<script>" as the text of a code block, as it always did)
        if (c.format === "html") expect(r.text, c.name).not.toMatch(/<script/);
      }
    });
  });
});

describe("Markdown", () => {
  it("keeps headings, lists, emphasis, links and code blocks as structure; front matter fills the metadata and stays out of the text", () => {
    const source = "---\ntitle: The minutes\nauthor: [A. Clerk, B. Scribe]\ndate: 2024-03-05\nkind: report\n---\n# Minutes\n\nThe *committee* met, see [the agenda](https://example.org/agenda).[^1]\n\n- item\n\n[^1]: Agenda of March.\n";
    const r = extractText({ text: source, format: "markdown" });
    if (!r.ok) throw new Error(r.message);
    expect(r.text).not.toContain("title:");
    expect(r.text.startsWith("Minutes")).toBe(true);
    expect(r.metadata).toEqual({ title: "The minutes", author: "A. Clerk, B. Scribe", publishedAt: "2024-03-05", kind: "report" });
    expect(covered(r, ["heading", "emphasis", "link", "list", "citation", "note"])).toEqual([
      ["heading", "Minutes", { level: 1 }],
      ["emphasis", "committee"],
      ["link", "the agenda", { url: "https://example.org/agenda" }],
      ["citation", "[^1]", { label: "1", note: "n1" }],
      ["list", "• item", { ordered: false }],
      ["note", "[^1]: Agenda of March.", { id: "n1", label: "1" }],
    ]);
  });

  it("the notes fixture's structure", () => {
    const r = extractText({ bytes: new Uint8Array(readFileSync(path.join(__dirname, "__fixtures__/notes.md"))), fileName: "notes.md" });
    if (!r.ok) throw new Error(r.message);
    expect(covered(r, ["heading", "link", "quote", "preformatted"])).toEqual([
      ["heading", "Field notes", { level: 1 }],
      ["link", "link to the archive", { url: "https://example.org/archive" }],
      ["heading", "Sources", { level: 2 }],
      ["quote", "A quoted passage."],
      ["preformatted", "keep   this\n  spacing"],
    ]);
  });
});
