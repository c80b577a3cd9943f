// Figure 1, the reader: server time for the page HTML, and in a real browser (Debian's Chromium via
// Playwright) the time until every highlight is drawn, plus how fast the page answers a selection and
// a scroll once it is interactive.
import fs from "node:fs";
import { chromium } from "@playwright/test";
import { cpuMsOfTree, getWithRetry, median, round, summarize } from "./lib.mjs";

// The flags of the end-to-end tests (e2e/support/chromium.ts), in Debian's full browser rather than their
// headless shell: the reader figures are compared with runs recorded in the README, all in the full browser.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

export function launchBrowser() {
  const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && fs.existsSync(p));
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * Median (and spread) of `runs` full GETs of the reader page, after one unmeasured warm-up; and when the
 * page fetches its spans (a document with more than the page carries), the same for GET …/spans as a
 * first visit makes it (no validator), and the two together: the server's time for what the page shows.
 */
export async function serverTimes({ baseUrl, cookie, documentId, runs, serverPids }) {
  const page = `${baseUrl}/documents/${documentId}`;
  const once = async (url) => {
    const t0 = performance.now();
    const res = await getWithRetry(url, { headers: { cookie }, redirect: "manual" });
    const body = await res.arrayBuffer(); // until the last byte: the page streams
    if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
    return { ms: performance.now() - t0, bytes: body.byteLength, body };
  };
  const first = await once(page);
  const fetchesSpans = new TextDecoder().decode(first.body).includes('\\"inline\\":null');
  const times = [];
  const cpu0 = cpuMsOfTree(serverPids);
  for (let i = 0; i < runs; i++) times.push((await once(page)).ms);
  const serverCpuMs = round((cpuMsOfTree(serverPids) - cpu0) / runs);
  let spans = null;
  if (fetchesSpans) {
    const url = `${baseUrl}/api/documents/${documentId}/spans?packed=gzip`; // as the page asks
    const warm = await once(url);
    const spanTimes = [];
    const spansCpu0 = cpuMsOfTree(serverPids);
    for (let i = 0; i < runs; i++) spanTimes.push((await once(url)).ms);
    spans = { ...summarize(spanTimes), serverCpuMs: round((cpuMsOfTree(serverPids) - spansCpu0) / runs), bytes: warm.bytes };
  }
  const result = { coldMs: round(first.ms), ...summarize(times), serverCpuMs, htmlBytes: first.bytes, spans };
  return { ...result, withSpans: round(result.median + (spans?.median ?? 0)), withSpansCpuMs: round(serverCpuMs + (spans?.serverCpuMs ?? 0)) };
}

// Runs in the page from its very first moment: every animation frame, check whether the first paragraph
// of text is laid out (then it is painted in this frame), whether the text region holds all its paragraphs
// (a long text arrives in two parts), whether the reader has drawn all its highlights (it counts the
// ranges it gave the CSS Custom Highlight API in data-highlights), and whether React has hydrated the
// region (its fiber is attached: from then on the page answers input).
function watchScript({ paragraphs, highlights }) {
  return `(() => {
    const bench = (window.__bench = { firstTextAt: null, fullTextAt: null, drawnAt: null, hydratedAt: null });
    const tick = () => {
      const now = performance.now();
      const root = document.querySelector(".doc-text");
      if (root) {
        if (bench.firstTextAt === null) {
          const p = root.querySelector("p[data-start]");
          if (p && p.getBoundingClientRect().height > 0) bench.firstTextAt = now;
        }
        if (bench.fullTextAt === null && root.querySelectorAll("p[data-start]").length === ${paragraphs}) bench.fullTextAt = now;
        if (bench.drawnAt === null && bench.fullTextAt !== null && root.dataset.highlights === "${highlights}") bench.drawnAt = now;
        if (bench.hydratedAt === null && Object.keys(root).some((k) => k.startsWith("__reactFiber"))) bench.hydratedAt = now;
      }
      if (bench.drawnAt === null || bench.hydratedAt === null) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })();`;
}

/**
 * Loads the reader `runs` times (after one warm-up load that fills the browser's cache, as for a
 * returning reviewer) and returns the medians, measured from navigation start (performance.now()).
 */
export async function browserTimes({ browser, baseUrl, cookie, documentId, expected, runs, responsiveness }) {
  const eq = cookie.indexOf("=");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: baseUrl }]);
  await context.addInitScript({ content: watchScript(expected) });
  const url = `${baseUrl}/documents/${documentId}`;
  const loads = [];
  let page;
  for (let i = 0; i <= runs; i++) {
    if (page) await page.close();
    page = await context.newPage();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__bench.drawnAt !== null && window.__bench.hydratedAt !== null, null, {
      timeout: 180_000,
      polling: 50,
    });
    const t = await page.evaluate((documentId) => {
      const nav = performance.getEntriesByType("navigation")[0];
      // The rest of a long text: the page's own fetch of the document.
      const rest = performance.getEntriesByType("resource").filter((r) => new URL(r.name).pathname === `/api/documents/${documentId}`);
      return {
        firstText: window.__bench.firstTextAt,
        fullText: window.__bench.fullTextAt,
        drawn: window.__bench.drawnAt,
        hydrated: window.__bench.hydratedAt,
        responseEnd: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        htmlBytes: nav.decodedBodySize,
        restBytes: rest.reduce((n, r) => n + r.decodedBodySize, 0),
      };
    }, documentId);
    if (i > 0) loads.push(t); // the first load is the warm-up
  }
  const pick = (k) => loads.map((l) => l[k]);
  const result = {
    firstTextMs: round(median(pick("firstText"))),
    fullTextMs: round(median(pick("fullText"))),
    htmlBytes: loads[0].htmlBytes,
    restBytes: loads[0].restBytes,
    drawnMs: round(median(pick("drawn"))),
    drawn: summarize(pick("drawn")),
    hydratedMs: round(median(pick("hydrated"))),
    hydrated: summarize(pick("hydrated")),
    htmlReceivedMs: round(median(pick("responseEnd"))),
    domContentLoadedMs: round(median(pick("domContentLoaded"))),
  };
  if (responsiveness) {
    // Let the page settle (live stream connected, first idle) before poking it.
    await page.waitForTimeout(1000);
    // A failure here is reported with the figure, without losing the load times above.
    try {
      result.toolbar = summarize(await selectionToToolbar(page));
    } catch (error) {
      result.toolbarError = String(error.message ?? error);
    }
    try {
      result.scroll = summarize(await scrollSteps(page));
    } catch (error) {
      result.scrollError = String(error.message ?? error);
    }
  }
  await context.close();
  return result;
}

/**
 * Programmatic selections at five places in the text: time from adding the range to the first frame
 * painted with the "Annotate selection" toolbar in it. The app waits 40 ms after the last
 * selectionchange on purpose (a held Shift+arrow fires many), so that much is by design.
 */
async function selectionToToolbar(page) {
  const times = [];
  for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const ms = await page.evaluate(async (fraction) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const toolbar = () => document.querySelector('[role="toolbar"][aria-label="Annotate selection"]');
      const paras = document.querySelectorAll('.doc-text p[data-start]');
      const para = paras[Math.floor(paras.length * fraction)];
      para.scrollIntoView({ block: "center" });
      await frame();
      await frame();
      // About 40 characters from the first visible one, across as many highlighted segments (text
      // nodes) as that takes: with 10,000 annotations a segment is often a character or two long.
      const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode()) && !/\S/.test(node.data));
      if (!node) throw new Error("no text to select");
      const range = document.createRange();
      range.setStart(node, node.data.search(/\S/));
      let want = 40;
      for (let n = node, from = node.data.search(/\S/); n; n = walker.nextNode(), from = 0) {
        node = n;
        if (n.data.length - from >= want) {
          range.setEnd(n, from + want);
          want = 0;
          break;
        }
        want -= n.data.length - from;
      }
      if (want > 0) range.setEnd(node, node.data.length); // a short paragraph: all of it
      const sel = window.getSelection();
      const t0 = performance.now();
      sel.removeAllRanges();
      sel.addRange(range);
      while (!toolbar()) {
        if (performance.now() - t0 > 30_000) throw new Error("the selection toolbar did not appear");
        await frame();
      }
      await frame(); // the frame that paints it
      const elapsed = performance.now() - t0;
      sel.removeAllRanges();
      while (toolbar()) await frame();
      return elapsed;
    }, fraction);
    times.push(ms);
  }
  return times;
}

/** Twelve scrollBy steps of 700 px down the page: time from the call until the scrolled frame is painted. */
async function scrollSteps(page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    window.scrollTo(0, 0);
    await frame();
    await frame();
    const times = [];
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      window.scrollBy(0, 700);
      await frame(); // the next frame renders the new position
      await frame(); // ... and by this one it has been painted
      times.push(performance.now() - t0);
    }
    return times;
  });
}
