"use client";
// Marks the responses the page shows as seen (up to the newest), once it is on screen, and tells the menu
// (app-menu.tsx) what is still new. The page keeps its "New" marks until it is loaded again.
import { useEffect } from "react";

export const RESPONSES_SEEN_EVENT = "apparatus:responses-seen";

export function MarkResponsesSeen({ upTo }: Readonly<{ upTo: string }>) {
  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/me/responses/seen", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ upTo }),
      signal: controller.signal,
    })
      .then(async (res) => {
        if (!res.ok) return;
        const { newCount } = (await res.json()) as { newCount: number };
        window.dispatchEvent(new CustomEvent(RESPONSES_SEEN_EVENT, { detail: newCount }));
      })
      .catch(() => {
        // Offline or gone: they stay new, and the next visit marks them.
      });
    return () => controller.abort();
  }, [upTo]);
  return null;
}
