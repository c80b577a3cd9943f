export { NoteView } from "./note-view";
export { NoteEditor, loadNoteEditor } from "./lazy-note-editor";
