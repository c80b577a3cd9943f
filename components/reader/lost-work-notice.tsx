"use client";
// What the deletion of an annotation elsewhere (its author in another window, or an admin) took from under
// the reader: a reply not sent yet, or an edit that could not be kept as a new annotation (the annotation
// had no place in this version's text). Shown and announced at once, with the unsent text to copy, until
// dismissed (a reply stays in this browser's storage until then). When the deleted card held the focus,
// the notice takes it, so a keyboard user is not left at the top of the page.
import { useEffect, useRef, useState } from "react";

export interface LostWork {
  key: string;
  message: string;
  /** The unsent text, to copy; null when nothing was lost (e.g. an edit with no change). */
  text: string | null;
  /** What the text is ("Your reply, not sent"). */
  label?: string;
  /** Where the text is kept in this browser until the notice is dismissed. */
  storageKey?: string;
}

export function LostWorkNotices({ items, onDismiss }: Readonly<{ items: readonly LostWork[]; onDismiss: (item: LostWork) => void }>) {
  return items.map((item) => <LostWorkNotice key={item.key} item={item} onDismiss={onDismiss} />);
}

function LostWorkNotice({ item, onDismiss }: Readonly<{ item: LostWork; onDismiss: (item: LostWork) => void }>) {
  const root = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    // After the deleted card is gone: focus it had is now on the page's body.
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body) root.current?.focus({ preventScroll: false });
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  const copy = () => {
    if (!item.text) return;
    const done = navigator.clipboard?.writeText(item.text);
    if (!done) return setCopied("Select the text above and copy it.");
    done.then(
      () => setCopied("Copied."),
      () => setCopied("Select the text above and copy it."),
    );
  };
  return (
    <div ref={root} className="link-notice lost-work small" tabIndex={-1} data-testid="lost-work">
      <p role="alert">{item.message}</p>
      {item.text && (
        <label className="lost-work-text">
          {item.label ?? "Your text, not saved"}
          <textarea readOnly value={item.text} rows={Math.min(6, item.text.split("\n").length + 1)} />
        </label>
      )}
      <p className="actions">
        {item.text && (
          <button type="button" onClick={copy}>
            Copy text
          </button>
        )}
        <button type="button" className="link" onClick={() => onDismiss(item)}>
          Dismiss
        </button>
        {copied && (
          <span className="muted" role="status">
            {copied}
          </span>
        )}
      </p>
    </div>
  );
}
