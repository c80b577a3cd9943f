import { listDocuments } from "@/lib/documents/service";
import { LibraryView } from "@/components/library/library-view";

export const metadata = { title: "Library" };

export default async function LibraryPage() {
  const documents = await listDocuments();
  return (
    <main className="page">
      <LibraryView
        documents={documents.map((d) => ({
          id: d.id,
          title: d.title,
          kind: d.kind,
          publisher: d.publisher,
          publishedAt: d.publishedAt,
          words: d.words,
          annotations: d._count.annotations,
        }))}
      />
    </main>
  );
}
