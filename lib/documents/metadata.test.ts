import { describe, expect, it } from "vitest";
import { extractText } from "./extract";
import { bylineAuthor, normaliseDate, splitFrontMatter } from "./metadata";
import { documentMetadataSchema, importedMetadataSchema, isFutureDate } from "./schemas";

function meta(html: string) {
  const r = extractText({ text: html, format: "html" });
  if (!r.ok) throw new Error(r.message);
  return r.metadata;
}

describe("metadata from HTML", () => {
  it("a <title> that ends or starts with the site's name, as most do, gives the title without it", () => {
    const site = `<meta property="og:site_name" content="Notes from an Archive">`;
    expect(meta(`<title>Why the Dreyfus affair matters — Notes from an Archive</title>${site}<p>Text.</p>`).title).toBe("Why the Dreyfus affair matters");
    expect(meta(`<title>Why the Dreyfus affair matters | notes from an archive</title>${site}<p>Text.</p>`).title).toBe("Why the Dreyfus affair matters");
    expect(meta(`<title>Notes from an Archive: Why the Dreyfus affair matters</title>${site}<p>Text.</p>`).title).toBe("Why the Dreyfus affair matters");
    // Not a separator before the name, or nothing but the name: kept as it is.
    expect(meta(`<title>Reading Notes from an Archive</title>${site}<p>Text.</p>`).title).toBe("Reading Notes from an Archive");
    expect(meta(`<title>Notes from an Archive</title>${site}<p>Text.</p>`).title).toBe("Notes from an Archive");
    // A title the page states as such (og:title, JSON-LD) is never cut.
    expect(meta(`<meta property="og:title" content="Dreyfus - Notes from an Archive">${site}<p>Text.</p>`).title).toBe("Dreyfus - Notes from an Archive");
  });

  it("JSON-LD first, then Open Graph and meta tags, then <title>", () => {
    const ld = JSON.stringify({
      "@context": "https://schema.org",
      "@graph": [
        { "@type": "WebSite", name: "Courier" },
        {
          "@type": "NewsArticle",
          headline: "Docks  strike",
          author: [{ "@type": "Person", name: "Jane Harbour" }, "By John Quay", { name: "https://example.org/people/x" }],
          publisher: { "@type": "Organization", name: "Northern Courier" },
          datePublished: "2024-05-06T08:30:00+02:00",
        },
      ],
    });
    expect(
      meta(
        `<title>Docks strike | Courier</title><meta property="og:title" content="OG title"><meta name="author" content="Meta Author">` +
          `<link rel="canonical" href="https://courier.example/docks"><script type="application/ld+json">${ld}</script><p>Text.</p>`,
      ),
    ).toEqual({
      title: "Docks strike",
      author: "Jane Harbour, John Quay",
      publisher: "Northern Courier",
      publishedAt: "2024-05-06",
      kind: "newspaper",
      sourceUrl: "https://courier.example/docks",
    });
  });

  it("Open Graph and meta tags without JSON-LD; og:type article does not make a newspaper", () => {
    expect(
      meta(
        `<title>Page title</title><meta property="og:title" content="The OG title"><meta property="og:type" content="article">` +
          `<meta property="og:site_name" content="A Blog"><meta property="article:author" content="https://facebook.example/someone">` +
          `<meta name="author" content="  Ann   Author "><meta name="citation_publication_date" content="2019/3/7">` +
          `<meta property="og:url" content="javascript:alert(1)"><p>Text.</p>`,
      ),
    ).toEqual({ title: "The OG title", author: "Ann Author", publisher: "A Blog", publishedAt: "2019-03-07" });
  });

  it("the kind only where the file says it: BlogPosting is a blog, og:type book a book", () => {
    expect(meta(`<script type="application/ld+json">{"@type":"BlogPosting","headline":"H"}</script><p>x</p>`).kind).toBe("blog");
    expect(meta(`<meta property="og:type" content="book"><p>x</p>`).kind).toBe("book");
    expect(meta(`<meta property="og:type" content="website"><p>x</p>`).kind).toBeUndefined();
  });

  it("falls back to <title>, else the first <h1>", () => {
    expect(meta("<title> A  title </title><h1>H</h1><p>x</p>")).toEqual({ title: "A title" });
    expect(meta("<h1>Only a heading</h1><p>x</p>")).toEqual({ title: "Only a heading" });
  });

  it("survives hostile or broken JSON-LD and meta values", () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const huge = JSON.stringify({ "@type": "Article", headline: "x".repeat(5000), author: Array.from({ length: 1000 }, (_, i) => ({ name: `A${i}` })) });
    const m = meta(
      `<script type="application/ld+json">{not json</script><script type="application/ld+json">${deep}</script>` +
        `<script type="application/ld+json">${huge}</script><meta name="date" content="2024-02-30"><meta name="author" content="<script>alert(1)</script>"><p>x</p>`,
    );
    expect(m.title!.length).toBeLessThanOrEqual(300);
    expect(m.author!.split(", ").length).toBe(5);
    expect(m.publishedAt).toBeUndefined(); // 30 February does not exist
  });

  it("leaves out a publication date after today, which the form would refuse", () => {
    const next = new Date().getUTCFullYear() + 1;
    expect(meta(`<meta name="date" content="${next}-03-04"><h1>Ahead</h1><p>x</p>`).publishedAt).toBeUndefined();
    expect(meta(`<meta name="date" content="2019-03-04"><h1>Past</h1><p>x</p>`).publishedAt).toBe("2019-03-04");
  });

  it("counts a date as after today only when it is after today everywhere (UTC+14), a month or year from its first day", () => {
    const now = Date.parse("2026-12-04T12:00:00Z"); // already 5 December in UTC+14 (from 10:00 UTC)
    expect(["2026", "2026-12", "2026-12-04", "2026-12-05", "1917-11-07"].map((d) => isFutureDate(d, now))).toEqual([false, false, false, false, false]);
    expect(["2027", "2027-01", "2026-12-06", "2099-01-01"].map((d) => isFutureDate(d, now))).toEqual([true, true, true, true]);
    expect(isFutureDate("2026-12-05", Date.parse("2026-12-04T09:00:00Z"))).toBe(true);
    const date = documentMetadataSchema.shape.publishedAt;
    expect(date.safeParse(`${new Date().getUTCFullYear() + 1}`).error?.issues[0].message).toBe("That publication date is in the future.");
    expect(importedMetadataSchema.shape.publishedAt.safeParse(`${new Date().getUTCFullYear() + 1}`).success).toBe(true);
  });

  it("refuses a publication date of another form with the form's message, never a thrown error (it was a 500)", () => {
    const date = documentMetadataSchema.shape.publishedAt;
    const message = (v: string) => date.safeParse(v).error?.issues.map((i) => i.message);
    for (const v of ["2017/01/01", "2017-01-01T00:00:00Z", "abcd", "20171"]) expect(message(v), v).toEqual(["Publication date must look like 2017, 2017-11 or 2017-11-27."]);
    expect(message("2017-02-30")).toEqual(["That publication date does not exist."]);
    expect(message("2017-13")).toEqual(["That publication date does not exist."]);
    expect(date.parse("2017-11-27")).toBe("2017-11-27");
    expect(date.parse("")).toBeNull();
  });

  it.each([
    ["2017", "2017"],
    ["2017-11", "2017-11"],
    ["2017-11-27T10:00:00Z", "2017-11-27"],
    ["2017/1/5", "2017-01-05"],
    ["Nov 27, 2017", "2017-11-27"],
    ["27 November 2017", "2017-11-27"],
    ["yesterday", undefined],
    ["1999-13-01", undefined],
    ["12/11/2017", undefined],
  ])("normaliseDate(%j) → %j", (input, output) => {
    expect(normaliseDate(input)).toBe(output);
  });
});

describe("Markdown front matter", () => {
  it("is removed from the text and fills the metadata", () => {
    const r = extractText({
      text: "---\ntitle: \"Minutes: May\"\nauthors:\n  - Ann\n  - Bob\npublisher: The Society\npublished: 2024-05-06\nkind: transcript\nsource: https://example.org/minutes\n---\n\nThe meeting opened.\n",
      format: "markdown",
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.text).toBe("The meeting opened.");
    expect(r.metadata).toEqual({ title: "Minutes: May", author: "Ann, Bob", publisher: "The Society", publishedAt: "2024-05-06", kind: "transcript", sourceUrl: "https://example.org/minutes" });
  });

  it("counts only when it is a YAML mapping: a rule followed by a heading stays Markdown", () => {
    expect(splitFrontMatter("---\njust text\n---\nbody").data).toBeNull();
    expect(splitFrontMatter("---\n: : bad: [\n---\nbody").data).toBeNull();
    expect(splitFrontMatter("text\n---\ntitle: x\n---\n").data).toBeNull();
    const r = extractText({ text: "---\nJust a line\n---\n\nBody", format: "markdown" });
    expect(r.ok && r.text).toBe("Just a line\n\nBody");
  });

  it("refuses alias bombs and never runs code", () => {
    const bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\nBody";
    expect(splitFrontMatter(bomb).data).toBeNull();
    const js = splitFrontMatter("---\ntitle: !!js/function 'function () { globalThis.pwned = 1 }'\n---\nBody");
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(js.data === null || typeof js.data.title !== "function").toBe(true);
  });
});

describe("a byline in the text", () => {
  it("takes the author from a short 'By …' line near the top", () => {
    expect(bylineAuthor("Field notes\n\nBy Jane Historian\n\nThe committee met.")).toBe("Jane Historian");
    expect(bylineAuthor("by A. Smith and B. Jones")).toBe("A. Smith and B. Jones");
    expect(bylineAuthor("BY: Rosa Luxemburg")).toBe("Rosa Luxemburg");
    expect(bylineAuthor("Title\nBy Ludwig van Beethoven.")).toBe("Ludwig van Beethoven");
    expect(bylineAuthor("By Łukasz Žák.")).toBe("Łukasz Žák");
    expect(bylineAuthor("By Martin Luther King Jr.")).toBe("Martin Luther King Jr.");
  });

  it("leaves sentences, dates and lines further down alone", () => {
    expect(bylineAuthor("By 1917 the party had grown.")).toBeUndefined();
    expect(bylineAuthor("By the end of the war nothing was left.")).toBeUndefined();
    expect(bylineAuthor("By contrast, the Spark says otherwise")).toBeUndefined();
    expect(bylineAuthor(["a", "b", "c", "d", "e", "f", "By Jane Historian"].join("\n"))).toBeUndefined();
  });

  it("fills the author of Markdown and plain text, after front matter and never over it", () => {
    const md = extractText({ text: "# Minutes\n\n*By Jane Historian*\n\nThe committee met.", format: "markdown" });
    expect(md.ok && md.metadata.author).toBe("Jane Historian");
    const fm = extractText({ text: "---\nauthor: Front Matter\n---\n# Minutes\n\nBy Jane Historian\n\nText.", format: "markdown" });
    expect(fm.ok && fm.metadata.author).toBe("Front Matter");
    const txt = extractText({ text: "Minutes\nBy Jane Historian\n\nThe committee met.", format: "text" });
    expect(txt.ok && txt.metadata.author).toBe("Jane Historian");
  });
});
