import fs from "node:fs";

/**
 * The browser for the specs: Debian's Chromium headless shell (package chromium-headless-shell), the
 * "old headless" Chromium that Playwright itself runs for headless tests. Debian's full browser in headless
 * mode does the work of a desktop browser behind each page: with the shell the same page loads took half
 * the CPU (a fresh context, the library and a reader, 20 times: 125 s → 58 s of CPU, 70 s → 42 s).
 * The full browser is the fallback on a machine without the shell; CHROMIUM_PATH picks another.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];
