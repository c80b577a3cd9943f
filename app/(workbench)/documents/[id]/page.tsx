import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { findDocument, findDocumentStructure } from "@/lib/documents/service";
import { AppError } from "@/lib/errors";
import { ReaderView } from "@/components/reader/reader-view";
import { findDocumentSpans } from "@/lib/annotations/service";
import { listDocumentAnnotations } from "@/lib/annotations/anchoring";
import { isPlaced } from "@/lib/annotations/types";
import { findLatestEventId } from "@/lib/events/service";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs, readsPerLine } from "@/lib/anchoring/segments";

type Search = Record<string, string | string[] | undefined>;
type Props = Readonly<{ params: Promise<{ id: string }>; searchParams: Promise<Search> }>;

// A long text is sent in two parts: about this many code points with the page (rendered on the server,
// the first screens), the rest fetched by the page. A text up to 1.5 times this goes whole.
const FIRST_PART = 40_000;
// Cards of the list that come with the page; the rest are fetched as they scroll into view.
const FIRST_CARDS = 20;

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

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// ?at=<code point>&len=<n> (from a search snippet) scrolls to and selects that passage.
function parseAt(at?: string, len?: string) {
  const start = Number(at);
  const length = Number(len ?? 1);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(length) || length < 1) return null;
  return { start, end: start + length };
}

/** The text up to the end of the paragraph that reaches FIRST_PART code points (all of a short text), and its length. */
function firstPart(text: string, perLine: boolean): { text: string; length: number } {
  const index = new CodePointIndex(text);
  if (index.length <= FIRST_PART * 1.5) return { text, length: index.length };
  const cut = paragraphs(index, { perLine }).find((p) => p.end >= FIRST_PART)?.end ?? index.length;
  return { text: index.slice(0, cut), length: cut };
}

export default async function ReaderPage({ params, searchParams }: Props) {
  const { id } = await params;
  const search = await searchParams;
  // After sign-in, back to exactly this address (a permalink's ?a= included).
  const query = new URLSearchParams(Object.entries(search).flatMap(([k, v]) => (v === undefined ? [] : [v].flat().map((x) => [k, x] as [string, string]))));
  const user = await requirePageUser({ next: `/documents/${encodeURIComponent(id)}${query.size ? `?${query}` : ""}` });
  const doc = await load(id);
  // The event id first: anything committed after it reaches the page through the live stream.
  const since = await findLatestEventId(id);
  const spans = await findDocumentSpans({ documentId: id });
  const linked = one(search.a);
  const firstIds = spans.spans.slice(0, FIRST_CARDS).map((s) => s[0]);
  if (linked && /^[A-Za-z0-9_-]{1,64}$/.test(linked) && !firstIds.includes(linked)) firstIds.push(linked);
  // A permalink to an orphaned annotation finds no card in the text (it has no place there).
  const details = firstIds.length ? (await listDocumentAnnotations({ documentId: id, query: { ids: firstIds } })).annotations.filter(isPlaced) : [];
  const perLine = readsPerLine(doc.text);
  const first = firstPart(doc.text, perLine);
  // The structure of the first part only (the rest comes with the rest of the text).
  const { structure } = await findDocumentStructure({ documentId: id });
  const ranges = structure.ranges.filter((r) => r.start < first.length);
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
          version: doc.version,
          length: doc.length,
          initialText: first.text,
          perLine,
          structure: ranges,
        }}
        spans={spans}
        details={details}
        user={{ id: user.id, name: user.name, role: user.role }}
        initialAt={parseAt(one(search.at), one(search.len))}
        initialAnnotationId={linked ?? null}
        since={since}
      />
    </main>
  );
}
