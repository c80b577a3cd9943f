"use client";
// On a phone the admin tabs scroll sideways in one row; the current one is scrolled into sight (the last
// tabs would otherwise open cut off at the screen's edge).
import { useEffect, useRef } from "react";

export function CurrentTabIntoView() {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const nav = marker.current?.closest("nav");
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !current) return;
    const [n, c] = [nav.getBoundingClientRect(), current.getBoundingClientRect()];
    if (c.right > n.right) nav.scrollLeft += c.right - n.right + 8;
    else if (c.left < n.left) nav.scrollLeft -= n.left - c.left + 8;
  }, []);
  return <span ref={marker} hidden />;
}
