"use client";

/**
 * Rich-text note editor (Tiptap). The editor schema is cut down to exactly what
 * `lib/notes/schema.ts` accepts, and every change goes through `parseNote` before it is
 * handed to `onChange`, so the parent only ever holds a valid, normalised note.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { EditorContent, Extension, useEditor, useEditorState, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import Link from "@tiptap/extension-link";
import { emptyNote, parseNote, safeHref, withLinkScheme, type NoteDoc } from "@/lib/notes/schema";

// Tab and Shift+Tab move the focus on, out of the note, as in every other field of the form (in a
// list they used to nest or un-nest the item instead, changing the note of a reviewer who only meant
// to reach Save). A list item is nested with Ctrl+] and taken out with Ctrl+[ (⌘ on a Mac).
const LIST_INDENT = Extension.create({
  name: "listIndentKeys",
  addKeyboardShortcuts() {
    return {
      "Mod-]": () => this.editor.commands.sinkListItem("listItem"),
      "Mod-[": () => this.editor.commands.liftListItem("listItem"),
    };
  },
});

// Module-level so the editor is not reconfigured on every render.
const extensions = [
  StarterKit.configure({
    // Not part of the note schema.
    heading: false,
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    underline: false,
    // Would append an empty paragraph after every list or quote, changing the stored note.
    trailingNode: false,
    link: false, // configured below
  }),
  // Not inclusive: text typed right after a link is plain text, not more of the link (Tiptap makes
  // autolinking links inclusive by default).
  Link.extend({ inclusive: () => false }).configure({
    openOnClick: false, // clicking a link while editing should place the caret, not navigate
    autolink: true,
    linkOnPaste: true,
    defaultProtocol: "https",
    // linkify already recognises http, https and mailto; this option can only add schemes
    // (and registering them again warns when two editors are on one page).
    protocols: [],
    // The single gate for typed, pasted, autolinked and programmatic links. Rejects
    // javascript:, data:, relative URLs and anything else the schema would refuse.
    isAllowedUri: (url) => safeHref(url) !== null,
  }),
  LIST_INDENT,
];

/** Keeps Tab (without Ctrl, Alt or ⌘) from the editor's own keymaps: the browser moves the focus. */
function tabLeavesTheNote(event: KeyboardEvent<HTMLElement>) {
  if (event.key === "Tab" && !event.ctrlKey && !event.altKey && !event.metaKey && (event.target as Element).closest?.(".ProseMirror")) event.stopPropagation();
}

type ToolbarAction = {
  label: string;
  isActive: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
};

const FORMAT_ACTIONS: ToolbarAction[] = [
  { label: "Bold", isActive: (e) => e.isActive("bold"), run: (e) => e.chain().focus().toggleBold().run() },
  { label: "Italic", isActive: (e) => e.isActive("italic"), run: (e) => e.chain().focus().toggleItalic().run() },
  { label: "Bullet list", isActive: (e) => e.isActive("bulletList"), run: (e) => e.chain().focus().toggleBulletList().run() },
  { label: "Numbered list", isActive: (e) => e.isActive("orderedList"), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { label: "Quote", isActive: (e) => e.isActive("blockquote"), run: (e) => e.chain().focus().toggleBlockquote().run() },
];

const LINK_REFUSED = "Only http, https and mailto links are allowed.";

export function NoteEditor({
  value,
  onChange,
  label = "Note",
  id,
  disabled = false,
  autoFocus = false,
}: Readonly<{
  value: NoteDoc | null;
  onChange: (doc: NoteDoc) => void;
  label?: string;
  id?: string;
  disabled?: boolean;
  autoFocus?: boolean;
}>) {
  const generatedId = useId();
  const editorId = id ?? `note-editor-${generatedId}`;
  const labelId = `${editorId}-label`;
  const messageId = `${editorId}-message`;

  const [problem, setProblem] = useState<string | null>(null);
  const [linkMessage, setLinkMessage] = useState<string | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);

  // Latest callback without recreating the editor; last content we emitted or loaded, to
  // tell our own echo of `value` apart from a real external change.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const [initialContent] = useState(() => value ?? emptyNote());
  const lastJson = useRef(JSON.stringify(initialContent));

  const editorProps = useMemo(
    () => ({
      attributes: {
        id: editorId,
        class: "note-content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label,
        "aria-labelledby": labelId,
        "aria-describedby": messageId,
        ...(disabled ? { "aria-disabled": "true" } : {}),
        ...(problem ? { "aria-invalid": "true" } : {}),
      },
      // Escape is deliberately not handled: it must bubble to the surrounding panel,
      // which uses it to cancel.
    }),
    [editorId, label, labelId, messageId, disabled, problem],
  );

  const editor = useEditor({
    // Editors that take focus are opened by a user's action, never rendered on the server: they
    // are built in the render itself, so the layout effect below can focus them before paint.
    // The others are rendered on the server too, and wait for hydration (no mismatch).
    immediatelyRender: autoFocus,
    extensions,
    content: initialContent,
    editable: !disabled,
    editorProps,
    onUpdate: ({ editor: current }) => {
      const result = parseNote(current.getJSON());
      if (!result.ok) {
        setProblem(`This note cannot be saved: ${result.message}`);
        return;
      }
      setProblem(null);
      lastJson.current = JSON.stringify(result.doc);
      onChangeRef.current(result.doc);
    },
  });

  useEffect(() => {
    editor?.setEditable(!disabled, false);
  }, [editor, disabled]);

  // Focus before paint, not in Tiptap's own autofocus (a timer after mount): a key typed right
  // after the click that opened the editor would otherwise land outside it and be lost.
  const focused = useRef(false);
  useLayoutEffect(() => {
    if (!autoFocus || !editor || focused.current || !editor.view.dom.isConnected) return;
    focused.current = true;
    editor.commands.focus("end");
    // Tiptap's focus (above: it places the caret) focuses the page at the next frame; a key typed before
    // that went nowhere (seen when this editor replaces the box a user is typing in: lazy-note-editor.tsx).
    editor.view.focus();
  });

  // A new `value` from outside (e.g. reset after submit) replaces the content.
  useEffect(() => {
    if (!editor) return;
    const next = value ?? emptyNote();
    const json = JSON.stringify(next);
    if (json === lastJson.current) return;
    lastJson.current = json;
    setProblem(null);
    editor.commands.setContent(next, { emitUpdate: false });
  }, [editor, value]);

  const active = useEditorState({
    editor,
    selector: ({ editor: current }) =>
      current
        ? { link: current.isActive("link"), formats: FORMAT_ACTIONS.map((action) => action.isActive(current)) }
        : null,
  });

  // The link dialog: an address field under the toolbar (never the browser's prompt()).
  const [linkDraft, setLinkDraft] = useState<string | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  function editLink(current: Editor) {
    const existing = current.getAttributes("link").href as string | undefined;
    setLinkMessage(null);
    setLinkDraft(existing ?? "https://");
  }
  useEffect(() => {
    if (linkDraft !== null) linkInput.current?.select();
  }, [linkDraft !== null]); // eslint-disable-line react-hooks/exhaustive-deps -- only when it opens
  // Tiptap's focus command waits for the next frame: keys typed straight after Enter in the link dialog
  // went to the closing dialog and were lost. ProseMirror's own focus() is synchronous.
  const focusNow = () => {
    if (editor && !editor.isDestroyed) editor.view.focus();
  };
  function closeLink() {
    setLinkDraft(null);
    focusNow();
    editor?.commands.focus();
  }
  function applyLink() {
    if (!editor || linkDraft === null) return;
    focusNow();
    const trimmed = linkDraft.trim();
    if (trimmed === "" || trimmed === "https://") {
      setLinkMessage(null);
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      setLinkDraft(null);
      return;
    }
    const href = safeHref(withLinkScheme(trimmed));
    if (href === null) {
      setLinkMessage(LINK_REFUSED);
      linkInput.current?.focus();
      return;
    }
    setLinkMessage(null);
    setLinkDraft(null);
    if (editor.state.selection.empty && !editor.isActive("link")) {
      // Nothing selected: insert the URL itself as the link text, a word of its own (a space before it
      // after a letter, and after it before one: "see https://…", not "seehttps://…").
      const { from } = editor.state.selection;
      const around = (a: number, b: number) => (a >= 0 && b <= editor.state.doc.content.size ? editor.state.doc.textBetween(a, b, "\n", "\n") : "");
      const space = (ch: string) => (ch !== "" && !/\s/.test(ch) ? [{ type: "text", text: " " }] : []);
      editor
        .chain()
        .focus()
        .insertContent([...space(around(from - 1, from)), { type: "text", text: href, marks: [{ type: "link", attrs: { href } }] }, ...space(around(from, from + 1))])
        .run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    }
  }

  // The box shown while this module loads has the same toolbar (toolbar.ts TOOLBAR_LABELS).
  const buttons = [
    ...FORMAT_ACTIONS.slice(0, 2).map((action, i) => ({ label: action.label, pressed: active?.formats[i] ?? false, run: action.run })),
    { label: "Link", pressed: active?.link ?? false, run: editLink },
    ...FORMAT_ACTIONS.slice(2).map((action, i) => ({ label: action.label, pressed: active?.formats[i + 2] ?? false, run: action.run })),
  ];

  // Toolbar keyboard pattern: one Tab stop, arrow keys move between buttons.
  function onToolbarKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = {
      ArrowRight: (focusIndex + 1) % buttons.length,
      ArrowLeft: (focusIndex - 1 + buttons.length) % buttons.length,
      Home: 0,
      End: buttons.length - 1,
    };
    if (!(event.key in moves)) return; // everything else, Escape included, bubbles on
    event.preventDefault();
    const next = moves[event.key];
    setFocusIndex(next);
    event.currentTarget.querySelectorAll("button")[next]?.focus();
  }

  const message = problem ?? linkMessage;

  return (
    <div className={`note-editor${disabled ? " note-editor--disabled" : ""}${problem ? " note-editor--invalid" : ""}`}>
      {/* A <label> cannot point at a contenteditable, so the editable names itself with
          aria-labelledby and a click on the label moves focus there. */}
      <label id={labelId} className="note-label" onClick={() => editor?.commands.focus()}>
        {label}
      </label>
      <div
        className="note-toolbar"
        role="toolbar"
        aria-label={`${label} formatting`}
        aria-controls={editorId}
        onKeyDown={onToolbarKeyDown}
      >
        {buttons.map((button, i) => (
          <button
            key={button.label}
            type="button"
            className="note-toolbar-button"
            aria-pressed={button.pressed}
            tabIndex={i === focusIndex ? 0 : -1}
            disabled={disabled || !editor}
            onFocus={() => setFocusIndex(i)}
            onClick={() => editor && button.run(editor)}
          >
            {button.label}
          </button>
        ))}
      </div>
      {linkDraft !== null && (
        <div
          className="note-link-dialog"
          role="group"
          aria-label="Link"
          onKeyDown={(event) => {
            // Handled here: Escape closes this dialog only, Enter applies instead of submitting the form.
            if (event.key === "Escape") {
              event.preventDefault();
              event.stopPropagation();
              closeLink();
            } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
              event.preventDefault();
              event.stopPropagation();
              applyLink();
            }
          }}
        >
          <label htmlFor={`${editorId}-link`}>Link address</label>
          <input
            id={`${editorId}-link`}
            ref={linkInput}
            // Not type="url": inside the annotation's form the browser would check it on Save and block
            // the whole form over an unused link address; applyLink checks it (and adds a missing https://).
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            value={linkDraft}
            placeholder="https://…"
            onChange={(e) => setLinkDraft(e.target.value)}
            aria-invalid={linkMessage ? true : undefined}
            aria-describedby={messageId}
          />
          <button type="button" onClick={applyLink}>
            Apply link
          </button>
          {active?.link && (
            <button
              type="button"
              onClick={() => {
                editor?.chain().focus().extendMarkRange("link").unsetLink().run();
                setLinkDraft(null);
              }}
            >
              Remove link
            </button>
          )}
          <button type="button" onClick={closeLink}>
            Cancel
          </button>
        </div>
      )}
      <EditorContent editor={editor} className="note-content-wrapper" onKeyDownCapture={tabLeavesTheNote} />
      <p id={messageId} className="note-message" aria-live="polite">
        {message}
      </p>
    </div>
  );
}
