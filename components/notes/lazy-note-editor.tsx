"use client";
/**
 * The note editor, loaded when first needed: Tiptap and ProseMirror are most of the reader's script
 * (~410 KB of its 590 KB chunk), and a page is read long before anyone writes on it. The reader asks for
 * the editor once it has hydrated and the browser is idle (`loadNoteEditor`), so it is normally there
 * before any editor opens. One that opens sooner shows a plain text box in its place that takes the keys
 * typed meanwhile (they are the note: `onChange` gets them as paragraphs), and the editor replaces it with
 * that text, focused where the box was, so nothing typed is lost.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type ComponentProps } from "react";
import { emptyNote, parseNote, type NoteDoc } from "@/lib/notes/schema";
import { noteToPlainText } from "@/lib/notes/text";
import { TOOLBAR_LABELS } from "./toolbar";

type EditorModule = typeof import("./note-editor");
type Props = ComponentProps<EditorModule["NoteEditor"]>;

let loaded: EditorModule | null = null;
let loading: Promise<EditorModule> | null = null;
const listeners = new Set<() => void>();

/** Loads the editor (once); every NoteEditor on the page then shows it. */
export function loadNoteEditor(): Promise<EditorModule> {
  loading ??= import("./note-editor").then(
    (m) => {
      loaded = m;
      listeners.forEach((l) => l());
      return m;
    },
    (error: unknown) => {
      loading = null; // asked again by the next editor that opens
      throw error;
    },
  );
  return loading;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function NoteEditor(props: Readonly<Props>) {
  // Never on the server, nor in hydration: the page's HTML has the box (no editor opens before hydration).
  const editor = useSyncExternalStore(
    subscribe,
    () => loaded,
    () => null,
  );
  // Whether the box has the focus. An editor that arrives after the box opened takes the focus only from
  // it: by then the user may be selecting text elsewhere (a new passage while this draft waits), and a
  // focus taken then would put the editor's caret in place of that selection.
  const [typing, setTyping] = useState(false);
  const [arrivedLate] = useState(() => loaded === null);
  useEffect(() => {
    if (!editor) loadNoteEditor().catch(() => undefined); // the box stays, and keeps what is typed
  }, [editor]);
  if (editor) return <editor.NoteEditor {...props} autoFocus={arrivedLate ? typing : props.autoFocus} />;
  return <TextBox {...props} onFocusChange={setTyping} />;
}

/** The note's text when it is plain paragraphs (the box can edit it without losing formatting), else null. */
function plainText(doc: NoteDoc | null): string | null {
  if (!doc) return "";
  const lines: string[] = [];
  for (const block of doc.content) {
    if (block.type !== "paragraph") return null;
    let line = "";
    for (const inline of block.content ?? []) {
      if (inline.type !== "text" || inline.marks?.length) return null;
      line += inline.text;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

function fromText(text: string): NoteDoc {
  const doc: NoteDoc = { type: "doc", content: text.split("\n").map((line) => (line ? { type: "paragraph", content: [{ type: "text", text: line }] } : { type: "paragraph" })) };
  const parsed = parseNote(doc);
  return parsed.ok ? parsed.doc : emptyNote();
}

function TextBox({ value, onChange, label = "Note", id, disabled = false, autoFocus = false, onFocusChange }: Readonly<Props & { onFocusChange: (focused: boolean) => void }>) {
  const generatedId = useId();
  const boxId = id ?? `note-editor-${generatedId}`;
  // A formatted note waits for the editor, shown as its text (the box would drop its formatting).
  const [editable] = useState(() => plainText(value) !== null);
  const [text, setText] = useState(() => plainText(value) ?? noteToPlainText(value ?? emptyNote()));
  const box = useRef<HTMLTextAreaElement>(null);
  // Focused before paint, as the editor is: a key typed right after the click that opened it lands here.
  useLayoutEffect(() => {
    if (autoFocus) box.current?.focus();
  }, [autoFocus]);
  // The editor's layout (label, toolbar, text, message line), so nothing moves when it replaces the box.
  return (
    <div className={`note-editor${disabled ? " note-editor--disabled" : ""}`} aria-busy="true">
      <label className="note-label" htmlFor={boxId}>
        {label}
      </label>
      <div className="note-toolbar" role="toolbar" aria-label={`${label} formatting`}>
        {TOOLBAR_LABELS.map((name) => (
          <button key={name} type="button" className="note-toolbar-button" aria-pressed={false} tabIndex={-1} disabled>
            {name}
          </button>
        ))}
      </div>
      <textarea
        id={boxId}
        ref={box}
        className="note-content note-content--box"
        value={text}
        readOnly={!editable}
        disabled={disabled}
        onFocus={() => onFocusChange(true)}
        onBlur={() => onFocusChange(false)}
        onChange={(event) => {
          setText(event.target.value);
          onChange(fromText(event.target.value));
        }}
      />
      <p className="note-message" aria-live="polite" />
    </div>
  );
}
