"use client";
// Marks the responses the page shows as seen (up to the newest), once it is on screen, and tells the menu
// (app-menu.tsx) what is still new. The page keeps its "New" marks until it is loaded again.
import { useEffect } from "react";
import { apiFetch } from "@/lib/client/api";

export const RESPONSES_SEEN_EVENT = "apparatus:responses-seen";

export function MarkResponsesSeen({ upTo }: Readonly<{ upTo: string }>) {
  useEffect(() => {
    const controller = new AbortController();
    apiFetch<{ newCount: number }>("/api/me/responses/seen", { method: "POST", json: { upTo }, signal: controller.signal, background: true })
      .then(({ newCount }) => window.dispatchEvent(new CustomEvent(RESPONSES_SEEN_EVENT, { detail: newCount })))
      .catch(() => {
        // Offline, refused or gone: they stay new, and the next visit marks them.
      });
    return () => controller.abort();
  }, [upTo]);
  return null;
}
