"use client";
// Previous change / Next change above a version diff: each press scrolls the next change (numbered by
// version-diff.tsx, data-change) into the middle of the screen and marks it, and the position is said
// ("Change 2 of 5", with what changed for screen readers). The focus stays on the button, so pressing it
// again goes on; at either end the button says so (aria-disabled) rather than losing the focus.
import { useState } from "react";
import { excerpt } from "@/lib/excerpt";
import { plural } from "@/lib/plural";

interface Props {
  /** How many changes the diff has (1 or more). */
  count: number;
  /** The id of the diff's text, whose changes carry data-change="1" to "count". */
  diffId: string;
}

const MAX_QUOTE = 60;
const quote = (s: string) => `“${excerpt(s, MAX_QUOTE)}”`;

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

export function ChangeNavigator({ count, diffId }: Readonly<Props>) {
  // The change marked, 1 to count; 0 before the first press.
  const [at, setAt] = useState(0);
  const [said, setSaid] = useState("");

  function go(to: number) {
    if (to < 1 || to > count) return;
    const diff = document.getElementById(diffId);
    const change = diff?.querySelector(`[data-change="${to}"]`);
    if (!diff || !change) return;
    diff.querySelector("[data-current]")?.removeAttribute("data-current");
    change.setAttribute("data-current", "true");
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    change.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    setAt(to);
    setSaid(describe(change));
  }

  const first = at <= 1;
  const last = at >= count;
  return (
    <div className="change-nav" role="group" aria-label="Go through the changes">
      <button type="button" aria-controls={diffId} aria-disabled={first || undefined} onClick={() => go(at - 1)}>
        <span aria-hidden="true">↑ </span>Previous<span className="change-nav-word"> change</span>
      </button>
      <button type="button" aria-controls={diffId} aria-disabled={last || undefined} onClick={() => go(at === 0 ? 1 : at + 1)}>
        <span aria-hidden="true">↓ </span>Next<span className="change-nav-word"> change</span>
      </button>
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
