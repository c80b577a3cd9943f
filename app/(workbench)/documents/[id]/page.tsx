import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { findDocument, findDocumentStructure } from "@/lib/documents/service";
import { AppError } from "@/lib/errors";
import { ReaderView } from "@/components/reader/reader-view";
import { DeletedDocument } from "@/components/reader/deleted-document";
import { findDeletedDocument, type DeletedDocumentView } from "@/lib/documents/deleted";
import type { DocumentWithText } from "@/lib/documents/store";
import type { CurrentUser } from "@/lib/auth/roles";
import { findDocumentSpans } from "@/lib/annotations/service";
import { findOrphanedAnnotations, listDocumentAnnotations } from "@/lib/annotations/anchoring";
import { isPlaced, ORPHAN_PAGE } from "@/lib/annotations/types";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs, readsPerLine } from "@/lib/anchoring/segments";
import type { StructureRange } from "@/lib/documents/structure";
import { listVersions } from "@/lib/documents/versions";

type Search = Record<string, string | string[] | undefined>;
type Props = Readonly<{ params: Promise<{ id: string }>; searchParams: Promise<Search> }>;

// A long text is sent in two parts: about this many code points with the page (rendered on the server,
// the first screens), the rest fetched by the page. A text up to 1.5 times this goes whole.
const FIRST_PART = 40_000;
// Cards of the list that come with the page; the rest are fetched as they scroll into view.
const FIRST_CARDS = 20;
// Up to this many highlights come with the page; more are fetched by it from the spans API as it hydrates
// (components/reader/use-reader-data.ts): the page's own cost stays that of its text and first cards, and
// a browser that already has the spans gets a 304.
const INLINE_SPANS = 500;
// Up to this many, the page also carries every highlight's place and class (~6 bytes each, in the HTML and
// again in its payload) for its early script, which draws them as soon as the text is parsed instead of when
// the spans' request answers, ~200 ms later while the page's scripts load (components/reader/early-script.tsx).
const EARLY_SPANS = 10_000;

/** The live document; for an admin, else a deleted one (shown read-only); else the 404 page. */
async function load(id: string, user: CurrentUser): Promise<{ live: DocumentWithText } | { deleted: DeletedDocumentView }> {
  try {
    return { live: await findDocument(id) };
  } catch (error) {
    if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
  }
  try {
    return { deleted: await findDeletedDocument({ user, id }) };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props) {
  const { id } = await params;
  // Nothing about a document before sign-in: without a session this redirects before any lookup, so
  // the answer is the same for an existing id and an unknown one and carries no title.
  const user = await requirePageUser({ next: `/documents/${id}` });
  const found = await load(id, user);
  return { title: "live" in found ? found.live.title : `${found.deleted.document.title} (deleted)` };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// ?at=<code point>&len=<n> (from a search snippet) scrolls to and selects that passage.
function parseAt(at?: string, len?: string) {
  const start = Number(at);
  const length = Number(len ?? 1);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(length) || length < 1) return null;
  return { start, end: start + length };
}

/**
 * The text up to the end of the paragraph that reaches FIRST_PART code points (all of a short text), its
 * length, and the structure ranges that start in it, less the paragraphs the reader finds by itself (a
 * paragraph range that is exactly a plain-text paragraph: lib/documents/layout.ts lays out text no
 * range covers as its plain paragraphs), which keeps the page small for a text of plain paragraphs.
 */
function firstPart(text: string, perLine: boolean, ranges: readonly StructureRange[]) {
  const index = new CodePointIndex(text);
  const paras = paragraphs(index, { perLine });
  const whole = index.length <= FIRST_PART * 1.5;
  const length = whole ? index.length : (paras.find((p) => p.end >= FIRST_PART)?.end ?? index.length);
  const plain = new Set(paras.map((p) => `${p.start}:${p.end}`));
  return {
    text: whole ? text : index.slice(0, length),
    length,
    ranges: ranges.filter((r) => r.start < length && !(r.type === "paragraph" && plain.has(`${r.start}:${r.end}`))),
  };
}

export default async function ReaderPage({ params, searchParams }: Props) {
  const { id } = await params;
  const search = await searchParams;
  // After sign-in, back to exactly this address (a permalink's ?a= included).
  const query = new URLSearchParams(Object.entries(search).flatMap(([k, v]) => (v === undefined ? [] : [v].flat().map((x) => [k, x] as [string, string]))));
  const user = await requirePageUser({ next: `/documents/${encodeURIComponent(id)}${query.size ? `?${query}` : ""}` });
  const found = await load(id, user);
  // A deleted document (admins only): read-only, marked deleted, with Restore.
  if ("deleted" in found) return <DeletedDocument view={found.deleted} />;
  const doc = found.live;
  // With the newest event id read in the same snapshot: anything committed after it reaches the page
  // through the live stream.
  const spans = await findDocumentSpans({ documentId: id });
  const inline = spans.ids.length <= INLINE_SPANS;
  const spansUrl = `/api/documents/${encodeURIComponent(id)}/spans`;
  const linked = one(search.a);
  const firstIds = spans.ids.slice(0, FIRST_CARDS);
  if (linked && /^[A-Za-z0-9_-]{1,64}$/.test(linked) && !firstIds.includes(linked)) firstIds.push(linked);
  // A permalink to an orphaned annotation finds no card in the text (it has no place there).
  const details = firstIds.length ? (await listDocumentAnnotations({ documentId: id, query: { ids: firstIds } })).annotations.filter(isPlaced) : [];
  // The first orphaned annotations (usually all: they are few) with how many more there are; the list
  // fetches the rest a page at a time ("Show more").
  const orphans = await findOrphanedAnnotations({ documentId: id, limit: ORPHAN_PAGE });
  const perLine = readsPerLine(doc.text);
  // The first part of the text with its structure (the rest of both is fetched by the page).
  const { structure } = await findDocumentStructure({ documentId: id });
  const first = firstPart(doc.text, perLine, structure.ranges);
  // The version menu lists every version (a document has a handful).
  const versions = doc.version > 1 ? (await listVersions({ documentId: id })).versions : [];
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
          structure: first.ranges,
        }}
        spans={{ count: spans.ids.length, inline: inline ? spans.page : null, url: spansUrl }}
        details={details}
        orphans={orphans}
        versions={versions}
        user={{ id: user.id, name: user.name, role: user.role }}
        initialAt={parseAt(one(search.at), one(search.len))}
        initialAnnotationId={linked ?? null}
        since={spans.since}
        early={spans.ids.length <= EARLY_SPANS ? spans.page : null}
      />
    </main>
  );
}
