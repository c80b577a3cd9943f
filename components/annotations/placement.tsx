"use client";
// A card's placement after a new version: a fuzzy placement or an orphaned annotation says so, and
// its author, an editor or an admin fixes it on the card: confirm the fuzzy placement, place the annotation
// again by selecting its passage in the text (the reader runs that: see PlaceBar), or leave it
// orphaned with a note. An annotation left orphaned on purpose shows who left it so, and why.
import { useId, useLayoutEffect, useRef, useState } from "react";
import { canPlace } from "@/lib/auth/roles";
import { MAX_ANCHOR_NOTE } from "@/lib/annotations/schemas";
import type { AnyAnnotationDTO } from "@/lib/annotations/types";
import type { ListViewer } from "./viewer";
import { excerpt } from "@/lib/excerpt";

/** What a person may send to fix a placement by a click (placing by hand goes through the reader). */
export type PlacementFix = { confirm: true } | { orphan: true; note?: string };

/** The reader's side of fixing placements, passed to the cards. */
export interface PlacementControls {
  /** The annotation whose new passage is being selected in the text, if any. */
  placingId: string | null;
  /** What the last fix did, said on that annotation's card. */
  done: { id: string; message: string } | null;
  onReplace: (annotation: AnyAnnotationDTO) => void;
  onCancelReplace: () => void;
  /** Sends the fix; rejects with the server's message (nothing changed). */
  onFix: (annotation: AnyAnnotationDTO, fix: PlacementFix) => Promise<void>;
}

/** The server's rule (canPlace): the author, an editor or an admin, never a viewer. */
export const mayPlace = (viewer: ListViewer, a: Pick<AnyAnnotationDTO, "author">) => canPlace(viewer, a.author.id);

/** Where a placement that needs a check is listed for everyone: the versions page's Needs check list. */
const needsCheckHref = (documentId: string) => `/documents/${documentId}/versions#needs-check-heading`;

const shorten = (s: string) => excerpt(s, 120);

/**
 * A fuzzy placement or an orphaned annotation says so; to those who may fix it, with the controls.
 * `annotation` is undefined while the card's record loads (a fuzzy span still says so).
 */
export function PlacementNotice({
  annotation: a,
  fuzzy,
  viewer,
  placement,
}: Readonly<{ annotation: AnyAnnotationDTO | undefined; fuzzy: boolean; viewer: ListViewer; placement: PlacementControls }>) {
  const state = a?.anchor.state ?? (fuzzy ? "fuzzy" : null);
  const done = a && placement.done?.id === a.id ? placement.done.message : null;
  if (state !== "fuzzy" && state !== "orphaned") {
    return done ? (
      <p className="anchor-done small" data-testid="anchor-done">
        <span aria-hidden="true">✓ </span>
        {done}
      </p>
    ) : null;
  }
  const resolution = a?.anchor.resolution;
  const left = state === "orphaned" && resolution?.action === "left-orphaned" ? resolution : null;
  const fixer = a && mayPlace(viewer, a) ? a : null;
  const link = a ? <a href={needsCheckHref(a.documentId)}>check it</a> : "check it";

  let line;
  if (state === "fuzzy") {
    const score = a?.anchor.score;
    const was = a?.anchor.previousQuote;
    line = (
      <>
        <span aria-hidden="true">⚠ </span>Placed approximately{score !== undefined ? ` (score ${score.toFixed(2)})` : ""}
        {fixer ? (
          <>
            .
            {was && was !== fixer.quote && (
              <>
                {" "}
                Was: <q>{shorten(was)}</q>
              </>
            )}
          </>
        ) : (
          <> — {link}</>
        )}
      </>
    );
  } else {
    line = (
      <>
        <span className="orphan-label">Orphaned</span>{" "}
        {left ? (
          <span data-testid="left-orphaned">
            Left orphaned by {left.by.name}
            {left.note ? `: ${left.note}` : "."}
          </span>
        ) : (
          <>Not found in this version’s text{fixer ? "." : <> — {link}</>}</>
        )}
      </>
    );
  }
  return (
    <div className={`anchor-notice anchor-${state} small`} data-testid="anchor-notice">
      <p>{line}</p>
      {fixer && <FixControls annotation={fixer} fuzzy={state === "fuzzy"} left={!!left} placement={placement} />}
    </div>
  );
}

function FixControls({ annotation: a, fuzzy, left, placement }: Readonly<{ annotation: AnyAnnotationDTO; fuzzy: boolean; left: boolean; placement: PlacementControls }>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const leaveRef = useRef<HTMLButtonElement>(null);

  const fix = async (input: PlacementFix) => {
    setBusy(true);
    setError(null);
    try {
      await placement.onFix(a, input);
      setLeaving(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (placement.placingId === a.id) {
    return (
      <p className="anchor-actions">
        <span>Select its passage in the text, then choose Place here.</span>
        <button type="button" className="small" onClick={placement.onCancelReplace}>
          Cancel
        </button>
      </p>
    );
  }
  return (
    <>
      {leaving ? (
        <LeaveForm
          busy={busy}
          error={error}
          onSave={(note) => void fix({ orphan: true, ...(note ? { note } : {}) })}
          onCancel={() => {
            setLeaving(false);
            setError(null);
            requestAnimationFrame(() => leaveRef.current?.focus());
          }}
        />
      ) : (
        <div className="anchor-actions">
          {fuzzy && (
            <button type="button" className="small" disabled={busy} onClick={() => void fix({ confirm: true })}>
              {busy ? "Confirming…" : "Confirm placement"}
            </button>
          )}
          <button type="button" className="small" disabled={busy} onClick={() => placement.onReplace(a)}>
            Re-place
          </button>
          {!fuzzy && !left && (
            <button
              type="button"
              className="small"
              ref={leaveRef}
              disabled={busy}
              onClick={() => {
                setError(null);
                setLeaving(true);
              }}
            >
              Leave orphaned
            </button>
          )}
        </div>
      )}
      {error && !leaving && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function LeaveForm({ busy, error, onSave, onCancel }: Readonly<{ busy: boolean; error: string | null; onSave: (note: string) => void; onCancel: () => void }>) {
  const [note, setNote] = useState("");
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => field.current?.focus(), []);
  return (
    <form
      className="leave-orphaned"
      aria-label="Leave orphaned"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSave(note.trim());
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <label htmlFor={id}>Why leave it orphaned? (optional)</label>
      <textarea
        id={id}
        ref={field}
        rows={2}
        maxLength={MAX_ANCHOR_NOTE}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      {note.length > MAX_ANCHOR_NOTE * 0.9 && (
        <span className="muted small" role="status">
          {(MAX_ANCHOR_NOTE - note.length).toLocaleString("en")} characters left
        </span>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      <div className="anchor-actions">
        <button type="submit" className="primary small" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
        <button type="button" className="small" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
