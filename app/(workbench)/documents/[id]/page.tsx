import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { findDocument } from "@/lib/documents/service";
import { AppError } from "@/lib/errors";
import { ReaderView } from "@/components/reader/reader-view";
import { findAnnotationsForDocument } from "@/lib/annotations/service";
import { findLatestEventId } from "@/lib/events/service";

type Props = Readonly<{ params: Promise<{ id: string }>; searchParams: Promise<{ at?: string; len?: string }> }>;

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
  // Nothing about a document before sign-in: without a session this redirects before any lookup, so
  // the answer is the same for an existing id and an unknown one and carries no title.
  await requirePageUser({ next: `/documents/${id}` });
  const doc = await load(id);
  return { title: doc.title };
}

// ?at=<code point>&len=<n> (from a search snippet) scrolls to and selects that passage.
function parseAt(at?: string, len?: string) {
  const start = Number(at);
  const length = Number(len ?? 1);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(length) || length < 1) return null;
  return { start, end: start + length };
}

export default async function ReaderPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { at, len } = await searchParams;
  const user = await requirePageUser({ next: `/documents/${id}` });
  const doc = await load(id);
  // The event id first: anything committed after it reaches the page through the live stream.
  const since = await findLatestEventId(id);
  const annotations = await findAnnotationsForDocument({ documentId: id });
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
        annotations={annotations}
        user={{ id: user.id, name: user.name, role: user.role }}
        initialAt={parseAt(at, len)}
        since={since}
      />
    </main>
  );
}
