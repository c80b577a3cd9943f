// /documents/[id]/edit — admins change a document's metadata (PATCH /api/documents/[id]); the text is not
// edited here: a new text is a new version (/documents/[id]/versions), the earlier ones kept as they were.
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { findDocument } from "@/lib/documents/service";
import { AppError } from "@/lib/errors";
import { EditDocumentForm } from "@/components/library/edit-document-form";

export const metadata = { title: "Edit document details" };

type Props = Readonly<{ params: Promise<{ id: string }> }>;

export default async function EditDocumentPage({ params }: Props) {
  const { id } = await params;
  await requirePageUser({ page: "edit-document" });
  let doc;
  try {
    doc = await findDocument(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <main className="page edit-document-page">
      <p className="small">
        <Link href={`/documents/${doc.id}`}>← Back to the document</Link>
      </p>
      <h1>Edit document details</h1>
      <p className="muted">
        Title, kind, publisher, author, date and source of “{doc.title}”. The text is not edited here: to correct or update it, add a
        new version on the <Link href={`/documents/${doc.id}/versions`}>Versions</Link> page. Annotations move to the new text, and
        every earlier version stays readable as it was.
      </p>
      <EditDocumentForm
        document={{
          id: doc.id,
          title: doc.title,
          kind: doc.kind,
          publisher: doc.publisher,
          author: doc.author,
          publishedAt: doc.publishedAt,
          sourceUrl: doc.sourceUrl,
        }}
      />
    </main>
  );
}
