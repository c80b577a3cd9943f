import { requirePageUser } from "@/lib/auth/session";
import { AddDocumentForm } from "@/components/library/add-document-form";

export const metadata = { title: "Add document" };

// Admins and reviewers only (viewers are sent back to the library); the API checks again.
export default async function NewDocumentPage() {
  await requirePageUser({ page: "add-document" });
  return (
    <main className="page wide add-document-page">
      <h1>Add document</h1>
      <p className="muted">
        Upload a .txt, .md or .html file or paste the text. Markdown and HTML are reduced to their readable text; the stored text can
        never be changed afterwards, so check the preview.
      </p>
      <AddDocumentForm />
    </main>
  );
}
