import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { findDocument } from "@/lib/documents/service";
import { AppError } from "@/lib/errors";
import { ReaderView } from "@/components/reader/reader-view";

type Props = Readonly<{ params: Promise<{ id: string }> }>;

async function load(id: string) {
  try {
    return await findDocument(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props) {
  const { id } = await params;
  const doc = await load(id);
  return { title: doc.title };
}

export default async function ReaderPage({ params }: Props) {
  const { id } = await params;
  await requirePageUser({ next: `/documents/${id}` });
  const doc = await load(id);
  return (
    <main className="page wide">
      <ReaderView
        document={{
          id: doc.id,
          title: doc.title,
          kind: doc.kind,
          publisher: doc.publisher,
          author: doc.author,
          publishedAt: doc.publishedAt,
          sourceUrl: doc.sourceUrl,
          words: doc.words,
          length: doc.length,
          text: doc.text,
        }}
      />
    </main>
  );
}
