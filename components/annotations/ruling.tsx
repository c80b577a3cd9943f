"use client";
// An annotation's ruling on its card: the editor's final class, who ruled and when, and the rationale
// (rich text, read-only); for editors and admins other than the author, the controls to record, change
// or withdraw it (PUT|DELETE /api/annotations/[id]/ruling; the server checks who may, this only decides
// what to offer). The card owns whether the form is open and the Rule button, so focus can go back to it.
import { useId, useLayoutEffect, useRef, useState, type Ref } from "react";
import { NoteEditor, NoteView } from "@/components/notes";
import { useConfirm } from "@/components/reader/confirm-dialog";
import { apiFetch, ApiError } from "@/lib/client/api";
import { readStoredJson, writeStoredJson } from "@/lib/client/storage";
import { CLASSIFICATIONS, type AnyAnnotationDTO, type Classification } from "@/lib/annotations/types";
import { isEmptyNote, looksLikeNote, type NoteDoc } from "@/lib/notes/schema";
import { canRule } from "@/lib/auth/roles";
import { ClassBadge, CLASS_LABEL } from "./class-badge";
import { RelativeTime } from "./relative-time";
import type { ListViewer } from "./viewer";

/** Editors and admins rule, never on their own annotation. */
export const mayRule = (viewer: ListViewer, a: Pick<AnyAnnotationDTO, "author">) => canRule(viewer) && a.author.id !== viewer.id;

/** The card's header class: the author's, and the ruling's beside it when they differ. */
export function ClassLine({ classification, ruling }: Readonly<{ classification: Classification; ruling: Classification | null }>) {
  if (!ruling) return <ClassBadge classification={classification} />;
  if (ruling === classification) {
    return (
      <span className="class-line">
        <ClassBadge classification={classification} /> <span className="ruled-tag">upheld by ruling</span>
      </span>
    );
  }
  return (
    <span className="class-line" data-testid="class-line">
      <span className="class-line-part">
        Author: <ClassBadge classification={classification} />
      </span>
      <span aria-hidden="true">·</span>
      <span className="class-line-part">
        Ruling: <ClassBadge classification={ruling} />
      </span>
    </span>
  );
}

/**
 * Focus for the Rule / Change ruling button: the card attaches `ref` to whichever of the two it shows;
 * `focusSoon()` moves focus there after the next render (the form has closed, a ruling appeared or went).
 */
export function useRuleFocus() {
  const ref = useRef<HTMLButtonElement>(null);
  const [seq, setSeq] = useState(0);
  useLayoutEffect(() => {
    if (seq) ref.current?.focus({ preventScroll: false });
  }, [seq]);
  return { ref, focusSoon: () => setSeq((n) => n + 1) };
}

interface SectionProps {
  annotation: AnyAnnotationDTO;
  viewer: ListViewer;
  /** The form is open (the card's Rule button or Change ruling opened it). */
  editing: boolean;
  onEdit: (open: boolean) => void;
  onAnnotation: (a: AnyAnnotationDTO) => void;
  /** Attached to the Change ruling button, so focus can come back to it. */
  changeRef: Ref<HTMLButtonElement>;
  /** After save, cancel or withdrawal: focus back on the Rule / Change ruling button. */
  onDone: () => void;
}

/** The ruling block (when there is one) or the form in its place. */
export function RulingSection({ annotation: a, viewer, editing, onEdit, onAnnotation, changeRef, onDone }: Readonly<SectionProps>) {
  const { confirm, dialog } = useConfirm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ruler = mayRule(viewer, a);

  if (editing && ruler) {
    return (
      <RulingForm
        annotation={a}
        draftKey={rulingDraftKey(viewer.id, a.id)}
        onSaved={(updated) => {
          onAnnotation(updated);
          onEdit(false);
          onDone();
        }}
        onCancel={() => {
          onEdit(false);
          onDone();
        }}
      />
    );
  }
  if (!a.ruling) return dialog;
  const r = a.ruling;

  const withdraw = async () => {
    const yes = await confirm({
      title: "Withdraw this ruling?",
      body: (
        <p>
          The annotation goes back to its author’s class ({CLASS_LABEL[a.classification]}), and the disputes the ruling settled are open again.
        </p>
      ),
      confirmLabel: "Withdraw ruling",
      cancelLabel: "Keep the ruling",
      danger: true,
    });
    if (!yes) return;
    setBusy(true);
    setError(null);
    try {
      // The ruling as shown when Withdraw was pressed: one changed meanwhile (the dialog was open) is a
      // 409, and the card shows the new one by then (live updates), to withdraw again if it should go.
      onAnnotation(await apiFetch<AnyAnnotationDTO>(`/api/annotations/${a.id}/ruling?replaces=${encodeURIComponent(r.at)}`, { method: "DELETE" }));
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={`ruling ruling-${r.classification}`} aria-label="Ruling" data-testid="ruling">
      <p className="ruling-head">
        <strong className="ruling-title">Ruled:</strong> <ClassBadge classification={r.classification} />{" "}
        <span className="ruling-by small">
          by {r.by.name} · <RelativeTime iso={r.at} />
        </span>
      </p>
      {!isEmptyNote(r.rationale) && <NoteView doc={r.rationale} />}
      {ruler && (
        <div className="actions small">
          <button type="button" ref={changeRef} onClick={() => onEdit(true)} disabled={busy}>
            Change ruling
          </button>
          <button type="button" className="danger" onClick={() => void withdraw()} disabled={busy}>
            {busy ? "Withdrawing…" : "Withdraw ruling"}
          </button>
        </div>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {dialog}
    </section>
  );
}

/** A ruling being written: kept in this browser per annotation and editor until it is saved or cancelled. */
export interface RulingDraft {
  classification: Classification;
  rationale: NoteDoc | null;
}
const isRulingDraft = (value: unknown): value is RulingDraft => {
  const v = value as Partial<RulingDraft> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    CLASSIFICATIONS.includes(v.classification as Classification) &&
    (v.rationale === null || looksLikeNote(v.rationale))
  );
};
/** Where a ruling being written on an annotation is kept in this browser, per editor, until it is saved or cancelled. */
export const rulingDraftKey = (userId: string, annotationId: string) => `apparatus:ruling-draft:${userId}:${annotationId}`;
/** The ruling being written there, if any. */
export const storedRuling = (key: string): RulingDraft | null => readStoredJson(key, isRulingDraft);
const sameRationale = (x: NoteDoc | null, y: NoteDoc | null) =>
  x === null || isEmptyNote(x) ? y === null || isEmptyNote(y) : y !== null && JSON.stringify(x) === JSON.stringify(y);

function RulingForm({
  annotation: a,
  draftKey,
  onSaved,
  onCancel,
}: Readonly<{ annotation: AnyAnnotationDTO; draftKey: string; onSaved: (a: AnyAnnotationDTO) => void; onCancel: () => void }>) {
  // The form starts from the ruling (or the author's class), unless a draft of it was left in this browser.
  const [start] = useState(() => ({ classification: a.ruling?.classification ?? a.classification, rationale: a.ruling?.rationale ?? null, at: a.ruling?.at ?? null }));
  const [draft, setDraftState] = useState<RulingDraft>(() => readStoredJson(draftKey, isRulingDraft) ?? start);
  const { classification, rationale } = draft;
  const setDraft = (next: RulingDraft) => {
    setDraftState(next);
    const unchanged = next.classification === start.classification && sameRationale(next.rationale, start.rationale);
    writeStoredJson(draftKey, unchanged ? null : next);
  };
  const setClassification = (c: Classification) => setDraft({ ...draft, classification: c });
  const setRationale = (doc: NoteDoc) => setDraft({ ...draft, rationale: doc });
  const discard = () => {
    writeStoredJson(draftKey, null);
    onCancel();
  };
  // The ruling this one replaces, as this editor saw it when the form opened: another editor's ruling
  // saved meanwhile is refused (409) rather than overwritten unseen; after that refusal, saving again
  // replaces theirs knowingly.
  const [replaces, setReplaces] = useState<string | null>(() => a.ruling?.at ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = useId();
  const headingId = useId();
  const first = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The form takes focus when it opens (its heading: the class choice and the rationale follow).
  useLayoutEffect(() => first.current?.focus(), []);

  const save = async () => {
    if (busy) return;
    if (!rationale || isEmptyNote(rationale)) {
      setError("A ruling needs a rationale: say why this is the right class.");
      // To where it is missing (the editor's text box, or the plain box while the editor loads).
      formRef.current?.querySelector<HTMLElement>('[role="textbox"], textarea')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await apiFetch<AnyAnnotationDTO>(`/api/annotations/${a.id}/ruling`, { method: "PUT", json: { classification, rationale, replaces } });
      writeStoredJson(draftKey, null);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === "CONFLICT") {
        const current = (err.details as { current?: { at: string } | null } | undefined)?.current;
        setReplaces(current?.at ?? null);
      }
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      className="ruling-form"
      aria-labelledby={headingId}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        // The note editor's link dialog handles its own Escape (and stops it).
        if (e.key === "Escape" && !busy) {
          e.preventDefault();
          e.stopPropagation();
          discard();
        }
      }}
      onKeyDownCapture={(e) => {
        // Before the note editor sees it (there Mod-Enter would insert a line break).
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          void save();
        }
      }}
    >
      <h3 id={headingId} ref={first} tabIndex={-1}>
        {a.ruling ? "Change the ruling" : "Rule on this annotation"}
      </h3>
      <fieldset className="class-choice">
        <legend>Ruling</legend>
        {CLASSIFICATIONS.map((c) => (
          <label key={c} className={`class-option class-option-${c}`}>
            <input type="radio" name={name} value={c} checked={classification === c} onChange={() => setClassification(c)} />
            {CLASS_LABEL[c]}
          </label>
        ))}
      </fieldset>
      {a.ruling && a.ruling.at !== start.at && <RuledMeanwhile ruling={a.ruling} />}
      <NoteEditor value={rationale} onChange={setRationale} label="Rationale" />
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} aria-keyshortcuts="Control+Enter Meta+Enter">
          {busy ? "Saving…" : "Save ruling"}
        </button>
        <button type="button" onClick={discard} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * In the form: the ruling another editor recorded or changed since it opened (it arrives live, or with
 * the refusal to overwrite it), to read before saving over it, without leaving the form and its draft.
 */
function RuledMeanwhile({ ruling: r }: Readonly<{ ruling: NonNullable<AnyAnnotationDTO["ruling"]> }>) {
  return (
    <section className={`ruling ruling-${r.classification} ruled-meanwhile`} aria-label="Ruled meanwhile">
      <p className="ruling-head">
        <strong className="ruling-title">{r.by.name} ruled meanwhile:</strong> <ClassBadge classification={r.classification} />{" "}
        <span className="ruling-by small">
          <RelativeTime iso={r.at} />
        </span>
      </p>
      {!isEmptyNote(r.rationale) && <NoteView doc={r.rationale} />}
    </section>
  );
}
