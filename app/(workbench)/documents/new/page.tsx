import { requirePageUser } from "@/lib/auth/session";
import { AddDocumentForm } from "@/components/library/add-document-form";

export const metadata = { title: "Add document" };

// Admins, editors and reviewers only (viewers are sent to the library, which says why); the API checks again.
export default async function NewDocumentPage() {
  const user = await requirePageUser({ page: "add-document" });
  return (
    <main className="page wide add-document-page">
      <h1>Add document</h1>
      <p className="muted">
        Upload a .txt, .md or .html file or paste the text. Markdown and HTML are reduced to their readable text, so check the preview.
        A stored text is not edited in place: a corrected text is added later as a new version, from the document&apos;s Versions page.
      </p>
      <AddDocumentForm userId={user.id} />
    </main>
  );
}
