"use client";
// For the error page: was the page lost because the database cannot be reached (PostgreSQL restarting or
// stopped), or because it is busy (every pooled connection in use for 10 s)? Asks GET /api/health; while it
// answers 503 UNAVAILABLE the page says so and asks again every few seconds, while it answers 503 BUSY every
// second (its Retry-After), then loads itself afresh once the database answers (a reader's drafts are kept
// in this browser).
import { useEffect, useState } from "react";

/** How often the error page asks whether the database is back. */
export const DATABASE_RETRY_MS = 3000;
/** How often it asks whether a busy server has a connection free again (the API's Retry-After for BUSY). */
export const BUSY_RETRY_MS = 1000;

export function useDatabaseWait(): "unknown" | "unavailable" | "busy" {
  const [state, setState] = useState<"unknown" | "unavailable" | "busy">("unknown");
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waiting = false;
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
      }
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return state;
}
