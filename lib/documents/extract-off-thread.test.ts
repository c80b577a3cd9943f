import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { countWords, cpLength, extractText, sha256Hex } from "./extract";
import { diffOffThread, extractOffThread } from "./extract-off-thread";
import { diffTexts } from "./diff";

// Lines of ever deeper indentation, each a list item: Markdown's list parsing grows much faster than
// the input (600 lines, 360 KB, take seconds; 2,000 lines took 84 s on the server's only thread).
const nestedList = (lines: number) => Array.from({ length: lines }, (_, i) => `${" ".repeat(2 * i)}- x`).join("\n");

describe("extractOffThread", { timeout: 300_000 }, () => {
  // The whole result (text, structure, metadata, dropped boilerplate) is what the in-thread extraction gives.
  it("converts Markdown, HTML and text in a worker exactly as extractText does, with the text's figures", async () => {
    const inputs = [
      { text: "# Field notes\n\nA *claim* with a [link](https://example.org).\n\n- one\n- two", format: "markdown" as const },
      { bytes: new TextEncoder().encode("<title>Harbour</title><p>The first <b>claim</b> stands.</p><script>x()</script>"), fileName: "h.html" },
      {
        bytes: new TextEncoder().encode(
          `<html><head><title>Dock strike</title><meta name="author" content="A. Writer"><meta property="og:site_name" content="Harbour News"></head>` +
            `<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Dock strike</h1>` +
            `<p>The union said <a href="https://example.org/report">the report</a> was wrong.<sup><a href="#fn1">1</a></sup></p>` +
            `<ul><li>first</li><li>second</li></ul><blockquote>A quote.</blockquote></article><footer>© Harbour News</footer></body></html>`,
        ),
        fileName: "article.html",
      },
      { text: "---\ntitle: Front matter\nauthor: B. Author\n---\n# Heading\n\n> quoted\n\n1. one\n2. two", format: "markdown" as const },
      { text: "Plain\r\ntext 𝔉𝔯𝔞𝔨𝔱𝔲𝔯", format: "text" as const },
    ];
    for (const input of inputs) {
      // A generous limit: under Vitest a new worker first compiles the extraction sources through tsx.
      const { result, figures } = await extractOffThread(input, 120_000);
      const expected = extractText(input);
      expect(result).toEqual(expected);
      if (!expected.ok) throw new Error("expected a conversion");
      expect(figures).toEqual({ textHash: sha256Hex(expected.text), length: cpLength(expected.text), words: countWords(expected.text) });
    }
    const refused = await extractOffThread({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), fileName: "x.md" }, 120_000);
    expect(refused).toEqual({ result: extractText({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), fileName: "x.md" }), figures: null });
  });

  it("stops a conversion that takes too long with a 422, and the main thread stays free meanwhile", async () => {
    // Every 20 ms this thread notes the time; had the conversion run here, no note would come for the
    // whole second it ran before being stopped.
    const ticks = [performance.now()];
    const timer = setInterval(() => ticks.push(performance.now()), 20);
    const error = await extractOffThread({ text: nestedList(600), format: "markdown" }, 1_000).then(
      () => null,
      (e: unknown) => e,
    );
    clearInterval(timer);
    ticks.push(performance.now());
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UNPROCESSABLE", details: { reason: "TOO_COMPLEX" } });
    expect((error as AppError).message).toMatch(/took too long to convert/);
    // The conversion ran elsewhere: this thread kept running its timers the whole time. The longest
    // stretch without one is compared, not their count, which a loaded machine (CI's two legs and their
    // browsers on two cores) cut to 10 of 50 once though the thread was never held.
    const longestGap = Math.max(...ticks.slice(1).map((t, i) => t - ticks[i]));
    expect(longestGap).toBeLessThan(500);
    // The pool recovers: the next upload converts normally.
    expect((await extractOffThread({ text: "- a\n  - b", format: "markdown" }, 120_000)).result).toMatchObject({ ok: true });
  });

  it("makes the versions page's word diffs in a worker exactly as diffTexts does, whitespace shown or ignored", async () => {
    const old = "The harbour board met on 2 May 𝔔. The dockers struck for a week.\n\nNothing further was recorded.";
    const revised = "The harbour board met on 3 May 𝔔.  The dockers struck for a whole week.\n\nNothing  further was recorded, he said.";
    const failed = vi.spyOn(console, "error"); // the fallback on this thread says so: it must not be what answered
    try {
      for (const ignoreWhitespace of [false, true]) {
        expect(await diffOffThread(old, revised, { ignoreWhitespace }, 120_000)).toEqual(diffTexts(old, revised, { ignoreWhitespace }));
      }
      expect(failed).not.toHaveBeenCalled();
    } finally {
      failed.mockRestore();
    }
  });
});
