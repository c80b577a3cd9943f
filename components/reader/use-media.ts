"use client";
import { useSyncExternalStore } from "react";
import { readStored, writeStored } from "@/lib/client/storage";

/** Whether a media query matches; `serverValue` on the server and during hydration. */
export function useMediaQuery(query: string, serverValue: boolean): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => serverValue,
  );
}

/** The two-column reader (text | side panel); below it the side panel is a bottom sheet. */
export const WIDE = "(min-width: 1024px)";

const flagListeners = new Set<() => void>();
/** A yes/no preference kept in localStorage (the default on the server and until it is read). */
export function useStoredFlag(key: string, defaultValue: boolean): [boolean, (value: boolean) => void] {
  const raw = useSyncExternalStore(
    (onChange) => {
      flagListeners.add(onChange);
      return () => flagListeners.delete(onChange);
    },
    () => readStored(key),
    () => null,
  );
  const set = (value: boolean) => {
    writeStored(key, value ? "1" : "0");
    flagListeners.forEach((l) => l());
  };
  return [raw === null ? defaultValue : raw === "1", set];
}
