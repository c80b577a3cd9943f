"use client";
// A modal question with two answers (a native <dialog>, so focus stays inside it and Escape answers
// "no"; the focus starts on "no"). useConfirm() gives a promise-returning confirm() and the element to render.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** Style the confirming button as destructive. */
  danger?: boolean;
}

export function useConfirm() {
  const [request, setRequest] = useState<(ConfirmRequest & { resolve: (yes: boolean) => void }) | null>(null);
  const confirm = useCallback((req: ConfirmRequest) => new Promise<boolean>((resolve) => setRequest({ ...req, resolve })), []);
  const dialog = request ? (
    <ConfirmDialog
      {...request}
      onAnswer={(yes) => {
        setRequest(null);
        request.resolve(yes);
      }}
    />
  ) : null;
  return { confirm, dialog, open: request !== null };
}

function ConfirmDialog({ title, body, confirmLabel, cancelLabel, danger, onAnswer }: Readonly<ConfirmRequest & { onAnswer: (yes: boolean) => void }>) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    // showModal() focuses the first button (React's autoFocus renders no autofocus attribute for it to
    // find): the safe answer takes the focus, so Enter right after Escape answers "no".
    cancel.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      before?.focus?.({ preventScroll: true });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{body}</div>
      <div className="actions">
        <button type="button" className={danger ? "danger" : "primary"} onClick={() => onAnswer(true)}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={() => onAnswer(false)}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
