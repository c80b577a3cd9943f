"use client";
// The app header's height as a CSS variable on the page (--app-header-h, in px), kept up to date as the
// header changes height (a wrapped line, a larger text size, zoom): what sticks under the header (the
// versions page's change bar) and the scroll padding that keeps in-page links clear of it use it. Before
// the scripts run, they fall back to the header's usual height.
import { useEffect, useRef } from "react";

export function HeaderHeight() {
  const probe = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const header = probe.current?.closest("header");
    if (!header) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty("--app-header-h", `${header.getBoundingClientRect().height}px`));
    observer.observe(header, { box: "border-box" });
    return () => {
      observer.disconnect();
      root.style.removeProperty("--app-header-h");
    };
  }, []);
  return <span ref={probe} hidden />;
}
