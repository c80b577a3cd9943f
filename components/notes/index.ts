export { NoteView } from "./note-view";
export { NoteEditor } from "./note-editor";
