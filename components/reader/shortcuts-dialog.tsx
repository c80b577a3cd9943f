"use client";
// "Keyboard shortcuts" (opened with ?): everything the reader does from the keyboard.
import { useEffect, useRef } from "react";

const SHORTCUTS: Array<[keys: string[], what: string]> = [
  [["j", "n"], "Next highlight"],
  [["k", "p"], "Previous highlight"],
  [["Enter"], "Open the card of the current highlight"],
  [["Escape"], "Close the preview or card; back to the text"],
  [["Arrow keys"], "Move the caret in the text (Ctrl: by word or paragraph)"],
  [["Shift", "Arrow keys"], "Select text"],
  [["1", "2", "3"], "Annotate the selection as Sourced, Contested or Opinion"],
  [["Ctrl", "Enter"], "Save the annotation or reply you are writing (⌘ Enter on a Mac)"],
  [["Ctrl", "]"], "In a list in a note: nest the item (Ctrl + [ takes it out; Tab leaves the note)"],
  [["Alt", "drag"], "Select exactly, without snapping to whole words"],
  [["Enter"], "Re-placing an annotation: place it on the selected text (Escape cancels)"],
  [["Enter"], "On a focused suggestion (Suggest on): accept it, with its suggested class"],
  [["1", "2", "3"], "On a focused suggestion: accept it as Sourced, Contested or Opinion"],
  [["d"], "On a focused suggestion: dismiss it"],
  [["↑", "↓"], "Between suggestions in their list"],
  [["?"], "Show these shortcuts"],
];

export function ShortcutsDialog({ onClose }: Readonly<{ onClose: () => void }>) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      before?.focus?.({ preventScroll: true });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row">
                {keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && (keys[0] === "Shift" || keys[0] === "Ctrl" || keys[0] === "Alt" ? " + " : " or ")}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
