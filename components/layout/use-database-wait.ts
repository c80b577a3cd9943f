"use client";
// For the error page: was the page lost because the database cannot be reached (PostgreSQL restarting or
// stopped), or because it is busy (every pooled connection in use for 10 s)? A page whose own answer was
// that 503 says so at once: the answer names the trouble in its Server-Timing header
// (lib/http/outage-status.ts), which the page reads of its document's navigation entry. Otherwise (an
// error after a navigation inside the app, or a browser that does not expose the header) it asks GET
// /api/health. While the database is away it asks /api/health again every few seconds, while the server
// is busy every second (its Retry-After), then loads itself afresh once the database answers (a reader's
// drafts are kept in this browser).
import { useEffect, useState, useSyncExternalStore } from "react";

/** How often the error page asks whether the database is back. */
export const DATABASE_RETRY_MS = 3000;
/** How often it asks whether a busy server has a connection free again (the API's Retry-After for BUSY). */
export const BUSY_RETRY_MS = 1000;

type Trouble = "unavailable" | "busy";

let documentTrouble: Trouble | null | undefined; // read once: the document's answer does not change

/**
 * The database's trouble that this document's own answer named (a 503 with `Server-Timing: database;desc=…`),
 * while the page is still at the address it was loaded from (an error after navigating inside the app is
 * about another answer).
 */
function troubleOfThisDocument(): Trouble | null {
  const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
  if (documentTrouble === undefined) {
    // `serverTiming` is missing in a browser without Server-Timing.
    const said = (navigation?.serverTiming as PerformanceNavigationTiming["serverTiming"] | undefined)?.find((entry) => entry.name === "database")?.description;
    documentTrouble = said === "unavailable" || said === "busy" ? said : null;
  }
  const address = (url: string) => url.split("#")[0];
  return navigation && address(navigation.name) === address(window.location.href) ? documentTrouble : null;
}

const unchanging = () => () => {};

export function useDatabaseWait(): "unknown" | Trouble {
  // Read in the browser only: the server's render (and hydration) of the page knows nothing of it.
  const answered = useSyncExternalStore(unchanging, troubleOfThisDocument, () => null);
  const [state, setState] = useState<"unknown" | Trouble>("unknown");
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waiting = troubleOfThisDocument() !== null;
    let stopped = false;
    const ask = async () => {
      let status = 0;
      let code: string | undefined;
      try {
        const res = await fetch("/api/health", { cache: "no-store" });
        status = res.status;
        if (status === 503) code = ((await res.json().catch(() => null)) as { error?: { code?: string } } | null)?.error?.code;
      } catch {
        status = 0; // the server itself is unreachable: not what this page waits for
      }
      if (stopped) return;
      if (status === 503 && (code === "UNAVAILABLE" || code === "BUSY")) {
        waiting = true;
        setState(code === "BUSY" ? "busy" : "unavailable");
        timer = setTimeout(() => void ask(), code === "BUSY" ? BUSY_RETRY_MS : DATABASE_RETRY_MS);
      } else if (status === 200 && waiting) {
        window.location.reload();
      } else if (waiting) {
        timer = setTimeout(() => void ask(), DATABASE_RETRY_MS); // the page said why already: keep waiting
      }
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return state === "unknown" ? (answered ?? "unknown") : state;
}
