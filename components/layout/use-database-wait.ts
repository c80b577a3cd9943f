"use client";
// For the error page: was the page lost because the database cannot be reached (PostgreSQL restarting or
// stopped), or because it is busy (every pooled connection in use for 10 s)? The page's error says so at
// once by its digest (lib/errors.ts withTroubleDigest), however the page came: a first load (its answer a
// 503), a link followed inside the app, or a part of a page streamed after its answer began. An error
// without it (any other) asks GET /api/health, in case the database is away all the same. While the
// database is away the page asks /api/health again every few seconds, while the server is busy every
// second (its Retry-After), then loads itself afresh once the database answers (a reader's drafts are
// kept in this browser).
import { useEffect, useState } from "react";
import { troubleOfDigest } from "@/lib/errors";

/** How often the error page asks whether the database is back. */
export const DATABASE_RETRY_MS = 3000;
/** How often it asks whether a busy server has a connection free again (the API's Retry-After for BUSY). */
export const BUSY_RETRY_MS = 1000;

type Trouble = "unavailable" | "busy";

/** The trouble the error's `digest` names, else the one GET /api/health answers, else "unknown". */
export function useDatabaseWait(digest: string | undefined): "unknown" | Trouble {
  const told = troubleOfDigest(digest);
  const [state, setState] = useState<"unknown" | Trouble>("unknown");
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waiting = told !== null;
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
  }, [told]);
  return state === "unknown" ? (told ?? "unknown") : state;
}
