"use client";
// Previous change / Next change above a version diff. Links to the changes (version-diff.tsx numbers them:
// id="change-k", data-change="k"), so they work before the page's scripts have run: Next goes to the
// first change, and the browser marks the change it went to (:target). With the scripts, they go from
// where the reader is (lib/documents/change-targets.ts): the change last gone to, until the page is
// scrolled by hand; then the position under the bar, so that Next goes to the first change below it. Each
// press scrolls the change into the middle of the screen and marks it, and the position is said
// ("Change 2 of 5", with what changed for screen readers). The focus stays on the link, so pressing it
// again goes on; at either end the link says so (aria-disabled) rather than losing the focus.
import { useCallback, useEffect, useRef, useState, type MouseEvent } from "react";
import { changeTargets, type ChangeTargets } from "@/lib/documents/change-targets";
import { excerpt } from "@/lib/excerpt";
import { plural } from "@/lib/plural";

interface Props {
  /** How many changes the diff has (1 or more). */
  count: number;
  /** The id of the diff's text, whose changes carry id="change-1" to "change-count" and data-change. */
  diffId: string;
}

const MAX_QUOTE = 60;
const quote = (s: string) => `“${excerpt(s, MAX_QUOTE)}”`;
/**
 * The page has stopped scrolling to a change gone to when it has not scrolled for this long: after it said
 * so (scrollend), or after its last scroll in a browser that does not say.
 */
const QUIET_MS = 200;
/** Scrolling that goes on for longer than this is no longer taken for the page's own (a scrollend never said). */
const LONGEST_SCROLL_MS = 5000;
/** Keys that scroll the page. */
const SCROLL_KEYS = new Set(["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "]);

/** What a change did, in words: its deletions and insertions in order, without the bracketed words for screen readers. */
function describe(change: Element): string {
  const said: string[] = [];
  for (const el of change.querySelectorAll("del, ins")) {
    const own = Array.from(el.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? "")
      .join("");
    if (own.trim()) said.push(`${quote(own)} ${el.localName === "del" ? "deleted" : "inserted"}`);
    else said.push(el.localName === "del" ? "whitespace deleted" : "whitespace inserted");
  }
  return said.join(", ");
}

/** The change a URL's fragment names (#change-3: 3), or 0. */
function changeInHash(count: number): number {
  const match = /^#change-(\d+)$/.exec(window.location.hash);
  const k = match ? Number(match[1]) : 0;
  return k >= 1 && k <= count ? k : 0;
}

export function ChangeNavigator({ count, diffId }: Readonly<Props>) {
  const bar = useRef<HTMLDivElement>(null);
  // The change gone to last, 1 to count (said in the status); 0 before the first press.
  const [at, setAt] = useState(0);
  const [said, setSaid] = useState("");
  // Where the links go; before the scripts run, Next to the first change and Previous nowhere.
  const [targets, setTargets] = useState<ChangeTargets>({ previous: null, next: 1 });
  // The change last gone to while the page has not been scrolled by hand since (0: none), and whether the
  // page is scrolling to it (its own scrolling, not the reader's) and until when, as a timer.
  const held = useRef(0);
  const scrolling = useRef<number | null>(null);

  /** Where Previous and Next go from here, measured. */
  const locate = useCallback((): ChangeTargets | null => {
    const diff = document.getElementById(diffId);
    const nav = bar.current;
    if (!diff || !nav) return null;
    const boxes = Array.from(diff.querySelectorAll("[data-change]"), (el) => el.getBoundingClientRect());
    const { top, bottom } = nav.getBoundingClientRect();
    return changeTargets(boxes, { barTop: top, barBottom: bottom }, held.current);
  }, [diffId]);

  /**
   * The page scrolls to the change gone to, or may (a link's jump): its scrolling is not the reader's until it
   * has stopped, QUIET_MS after `ms` from now. While it scrolls in a browser that says when a scroll ends,
   * that is until scrollend (then QUIET_MS more): a pause in a smooth scroll on a busy machine is not its end.
   */
  const scrollingToIt = useCallback((ms = QUIET_MS) => {
    if (scrolling.current !== null) window.clearTimeout(scrolling.current);
    scrolling.current = window.setTimeout(() => {
      scrolling.current = null;
    }, ms);
  }, []);

  /** Marks a change as the one gone to (the outline): where the reader is until the page is scrolled by hand. */
  const mark = useCallback(
    (to: number) => {
      const diff = document.getElementById(diffId);
      diff?.querySelector("[data-current]")?.removeAttribute("data-current");
      diff?.querySelector(`[data-change="${to}"]`)?.setAttribute("data-current", "true");
      held.current = to;
      scrollingToIt();
    },
    [diffId, scrollingToIt],
  );

  // The links follow the page's scrolling; a change named by the URL (a link followed before the scripts
  // ran, or one given to someone) is where the reader is.
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const found = locate();
      if (found) setTargets((was) => (was.previous === found.previous && was.next === found.next ? was : found));
    };
    const soon = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    const byHand = () => {
      if (scrolling.current !== null) window.clearTimeout(scrolling.current);
      scrolling.current = null;
      held.current = 0;
      soon();
    };
    // A scroll while the page is scrolling to a change gone to is that scrolling (it goes on for a while);
    // any other is the reader's (the wheel, a key, the scroll bar, find in page).
    const saysScrollEnd = "onscrollend" in window;
    const onScroll = () => {
      if (scrolling.current === null) byHand();
      else scrollingToIt(saysScrollEnd ? LONGEST_SCROLL_MS : QUIET_MS);
      soon();
    };
    const onScrollEnd = () => {
      if (scrolling.current !== null) scrollingToIt();
    };
    // The reader's own scrolling, even while the page scrolls to a change: it wins.
    const onKey = (event: KeyboardEvent) => {
      if (SCROLL_KEYS.has(event.key)) byHand();
    };
    const fromHash = () => {
      const k = changeInHash(count);
      if (k) mark(k);
      soon();
    };
    fromHash();
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("scrollend", onScrollEnd);
    window.addEventListener("resize", soon);
    window.addEventListener("hashchange", fromHash);
    window.addEventListener("wheel", byHand, { capture: true, passive: true });
    window.addEventListener("touchmove", byHand, { capture: true, passive: true });
    window.addEventListener("keydown", onKey, { capture: true });
    return () => {
      cancelAnimationFrame(frame);
      if (scrolling.current !== null) window.clearTimeout(scrolling.current);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("scrollend", onScrollEnd);
      window.removeEventListener("resize", soon);
      window.removeEventListener("hashchange", fromHash);
      window.removeEventListener("wheel", byHand, { capture: true });
      window.removeEventListener("touchmove", byHand, { capture: true });
      window.removeEventListener("keydown", onKey, { capture: true });
    };
  }, [count, locate, mark, scrollingToIt]);

  // The bar's height, for the changes' scroll margin (a change a link goes to lands below the bar).
  useEffect(() => {
    const nav = bar.current;
    const wrap = nav?.parentElement;
    if (!nav || !wrap) return;
    const observer = new ResizeObserver(() => wrap.style.setProperty("--change-nav-h", `${nav.getBoundingClientRect().height}px`));
    observer.observe(nav, { box: "border-box" });
    return () => observer.disconnect();
  }, []);

  function go(event: MouseEvent<HTMLAnchorElement>, way: keyof ChangeTargets) {
    // a new tab or window: the link's own business
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const to = locate()?.[way] ?? null;
    const change = to === null ? null : document.getElementById(diffId)?.querySelector(`[data-change="${to}"]`);
    if (to === null || !change) return;
    mark(to);
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    change.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    setAt(to);
    setSaid(describe(change));
    setTargets({ previous: to > 1 ? to - 1 : null, next: to < count ? to + 1 : null });
  }

  const link = (way: keyof ChangeTargets) => {
    const to = targets[way];
    return {
      // at an end: still a link (the focus stays on it), to the diff itself
      href: to === null ? `#${diffId}` : `#change-${to}`,
      "aria-controls": diffId,
      "aria-disabled": to === null || undefined,
      onClick: (event: MouseEvent<HTMLAnchorElement>) => go(event, way),
    };
  };

  return (
    <div className="change-nav" role="group" aria-label="Go through the changes" ref={bar}>
      {/* one span inside each link: the link is a flex box (its text centred in its height), which would
          drop the spaces between its words were they boxes of their own */}
      <a className="button" {...link("previous")}>
        <span>
          <span aria-hidden="true">↑ </span>Previous<span className="change-nav-word"> change</span>
        </span>
      </a>
      <a className="button" {...link("next")}>
        <span>
          <span aria-hidden="true">↓ </span>Next<span className="change-nav-word"> change</span>
        </span>
      </a>
      <p className="change-nav-status" role="status">
        {at === 0 ? (
          plural(count, "change")
        ) : (
          <>
            Change {at} of {count}
            <span className="visually-hidden">: {said}</span>
          </>
        )}
      </p>
    </div>
  );
}
