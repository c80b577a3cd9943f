"use client";
// Re-placing an annotation by hand: while its author (or an admin) selects the annotation's new passage
// in the text, this bar says what is being placed, what is selected, and offers Place here (Enter) and
// Cancel (Escape). At the bottom of the screen, over the text (it never moves the text): under the text's
// column on a wide screen, over the closed sheet on a phone. The reader renders it after the text.
import type { TextSelection } from "./use-text-selection";
import { excerpt } from "@/lib/excerpt";

const shorten = (s: string) => excerpt(s, 90);
// The text selection stays when a button is pressed with the mouse.
const keepSelection = (e: React.MouseEvent) => e.preventDefault();

export function PlaceBar({
  quote,
  selection,
  busy,
  error,
  onPlace,
  onCancel,
}: Readonly<{ quote: string; selection: TextSelection | null; busy: boolean; error: string | null; onPlace: () => void; onCancel: () => void }>) {
  return (
    <div className="place-bar" role="region" aria-label="Re-place the annotation">
      <p className="place-what small">
        {selection ? (
          <>
            Place it on <q>{shorten(selection.quote)}</q>?
          </>
        ) : (
          <>
            Select the new passage for <q>{shorten(quote)}</q> in the text.
          </>
        )}
      </p>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      <div className="place-actions">
        <button type="button" className="primary" disabled={!selection || busy} aria-keyshortcuts="Enter" onMouseDown={keepSelection} onClick={onPlace}>
          {busy ? "Placing…" : "Place here"}
        </button>
        <button type="button" disabled={busy} aria-keyshortcuts="Escape" onMouseDown={keepSelection} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
