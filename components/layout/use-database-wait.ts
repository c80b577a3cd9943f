"use client";
// For the error page: was the page lost because the database cannot be reached (PostgreSQL restarting or
// stopped)? Asks GET /api/health; while it answers 503 UNAVAILABLE the page says so and asks again every few
// seconds, then loads itself afresh once the database answers (a reader's drafts are kept in this browser).
import { useEffect, useState } from "react";

/** How often the error page asks whether the database is back. */
export const DATABASE_RETRY_MS = 3000;

export function useDatabaseWait(): "unknown" | "unavailable" {
  const [state, setState] = useState<"unknown" | "unavailable">("unknown");
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
      if (status === 503 && code === "UNAVAILABLE") {
        waiting = true;
        setState("unavailable");
        timer = setTimeout(() => void ask(), DATABASE_RETRY_MS);
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
