// Dropping boilerplate from HTML uploads: Readability decides, our extraction supplies the text.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { extractText, type ExtractResult } from "./extract";
import { structureProblems } from "./structure";

type Ok = Extract<ExtractResult, { ok: true }>;
const ARTICLE = new Uint8Array(readFileSync(path.resolve(__dirname, "../../e2e/fixtures/dock-strike-article.html")));

function article(boilerplate?: "drop" | "keep"): Ok {
  const r = extractText({ bytes: ARTICLE, fileName: "dock-strike-article.html", boilerplate });
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe("boilerplate", () => {
  it("drops the navigation, cookie banner, share bar and footer of a news page, keeping the title, headings, list, link and footnote", () => {
    const full = article();
    const dropped = article("drop");
    expect(dropped.boilerplate).toMatchObject({ applied: true, passageCount: 5 });
    expect(dropped.boilerplate!.passages.map((p) => p.text)).toEqual([
      "Home | About | Port",
      "We use cookies to improve your experience.",
      "Share on Twitter Share on Facebook",
      "© 2024 Northern Courier. All rights reserved.",
      "Privacy · Terms",
    ]);
    for (const p of dropped.boilerplate!.passages) {
      expect(dropped.text).not.toContain(p.text);
      expect(full.text).toContain(p.text);
    }
    expect(dropped.text.startsWith("Dockworkers walk out over pay\n\nDockworkers at the northern harbour")).toBe(true);
    expect(dropped.boilerplate!.fullLength).toBe(Array.from(full.text).length);
    expect(dropped.boilerplate!.droppedLength).toBe(dropped.boilerplate!.passages.reduce((n, p) => n + p.length, 0));

    // the kept text is whole passages of the full text, in order
    const passages = dropped.text.split("\n\n");
    let at = 0;
    for (const p of passages) {
      const found = full.text.indexOf(p, at);
      expect(found).toBeGreaterThanOrEqual(at);
      at = found + p.length;
    }

    // the structure moved with the text
    const show = (r: Ok, type: string) => r.structure.ranges.filter((x) => x.type === type).map((x) => cpSlice(r.text, x.start, x.end));
    expect(show(dropped, "heading")).toEqual(["Dockworkers walk out over pay", "What the union demands", "The port authority's answer", "Notes"]);
    expect(show(dropped, "listItem")).toEqual(["• a pay rise in line with inflation;", "• an end to zero-hour contracts;", "• safety inspections of the new cranes.", "1. Union statement of 6 May 2024, read out at the north gate."]);
    expect(show(dropped, "link")).toEqual(["the union's website"]);
    expect(show(dropped, "citation")).toEqual(["[1]"]);
    expect(show(dropped, "note")).toEqual(["Union statement of 6 May 2024, read out at the north gate."]);
    const citation = dropped.structure.ranges.find((x) => x.type === "citation");
    expect(citation).toMatchObject({ label: "1", note: "n1" });
    expect(structureProblems(dropped.structure, Array.from(dropped.text).length)).toEqual([]);
  });

  it("with 'keep' the text is the full text (as without a choice), and the report says what would be dropped", () => {
    const kept = article("keep");
    expect(kept.text).toBe(article().text);
    expect(kept.structure).toEqual(article().structure);
    expect(kept.boilerplate).toMatchObject({ applied: false, passageCount: 5 });
  });

  it("leaves a page without boilerplate byte for byte as it was", () => {
    for (const source of ["<p>Hello <b>there</b></p><script>x()</script>", "<h1>T</h1><p>One.</p><ul><li>a</li></ul><p>Two.</p>"]) {
      const r = extractText({ text: source, format: "html", boilerplate: "drop" });
      const plain = extractText({ text: source, format: "html" });
      if (!r.ok || !plain.ok) throw new Error("refused");
      expect(r.text).toBe(plain.text);
      expect(r.boilerplate).toMatchObject({ applied: false, passageCount: 0, skipped: "nothing-to-drop" });
    }
  });

  it("keeps the footnote's text on the marker when the note itself is dropped", () => {
    const source =
      "<main><article><h1>Title</h1><p>" +
      "A long enough paragraph about the harbour, the strike, the workers, the union and the port authority, with commas, and more. ".repeat(4) +
      "<sup><a href='#fn1'>[1]</a></sup></p><p>" +
      "Another paragraph, also long, about what happened next, who said what, and when, with, many, commas. ".repeat(4) +
      "</p></article></main><footer class='site-footer'><nav class='menu'><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul></nav>" +
      "<p id='fn1'>1. The footnote lives in the footer.</p></footer>";
    const r = extractText({ text: source, format: "html", boilerplate: "drop" });
    if (!r.ok) throw new Error(r.message);
    expect(r.boilerplate?.applied).toBe(true);
    expect(r.text).not.toContain("The footnote lives in the footer.");
    expect(r.structure.ranges.find((x) => x.type === "citation")).toMatchObject({ label: "1", noteText: "1. The footnote lives in the footer." });
  });

  it("does not look for boilerplate in markup nested deeper than it can judge, and says so", () => {
    const r = extractText({ text: "<div>".repeat(1000) + "<p>deep</p>" + "</div>".repeat(1000) + "<nav>Home</nav>", format: "html", boilerplate: "drop" });
    expect(r.ok && r.boilerplate).toMatchObject({ applied: false, skipped: "too-deep" });
    expect(r.ok && r.text).toBe("deep\n\nHome");
  });
});
