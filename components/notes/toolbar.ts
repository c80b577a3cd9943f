/** The note editor's toolbar buttons, in order (note-editor.tsx; the box shown while it loads has the same). */
export const TOOLBAR_LABELS = ["Bold", "Italic", "Link", "Bullet list", "Numbered list", "Quote"] as const;
