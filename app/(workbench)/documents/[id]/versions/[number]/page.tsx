// /documents/[id]/versions/[number] — one version of a document, read-only: its text as it was added,
// with the annotations where they were when it was current (notes and classes as they are today).
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { findDocumentVersion } from "@/lib/documents/versions";
import { listAnnotationsOnVersion } from "@/lib/annotations/anchoring";
import { RelativeTime } from "@/components/annotations/relative-time";
import { VersionAnnotations, VersionText } from "@/components/versions/version-text";
import "@/components/versions/versions.css";

type Props = Readonly<{ params: Promise<{ id: string; number: string }> }>;

async function load(id: string, raw: string) {
  const number = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
  if (number === null) notFound();
  try {
    const version = await findDocumentVersion({ documentId: id, number });
    const { annotations } = await listAnnotationsOnVersion({ documentId: id, version: number });
    return { version, annotations };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props) {
  const { id, number } = await params;
  // Nothing about a document before sign-in (as the reader's): redirected before any lookup.
  await requirePageUser({ next: `/documents/${id}/versions/${number}` });
  const { version } = await load(id, number);
  return { title: `${version.title}, version ${version.version}` };
}

export default async function VersionPage({ params }: Props) {
  const { id, number } = await params;
  await requirePageUser({ next: `/documents/${id}/versions/${number}` });
  const { version: doc, annotations } = await load(id, number);
  const info = doc.versionInfo;
  return (
    <main className="page wide versions-page version-page">
      <p className="small">
        <Link href={`/documents/${doc.id}/versions`}>← All versions</Link>
        {" · "}
        <Link href={`/documents/${doc.id}`}>The current document</Link>
      </p>
      <h1>
        {doc.title}, version {doc.version}
      </h1>
      <p className="notice version-banner" role="note">
        {info.current ? (
          <>This is the current version, shown read-only. Annotate it in <Link href={`/documents/${doc.id}`}>the document</Link>.</>
        ) : (
          <>
            An earlier version, read-only: the current one is version {doc.currentVersion}. Annotations are shown where they were when this version was current.{" "}
            <Link href={`/documents/${doc.id}/versions?from=${doc.version}&to=${doc.currentVersion}#changes`}>What changed since</Link>
          </>
        )}
      </p>
      <p className="version-meta">
        Added <RelativeTime iso={info.createdAt} />
        {info.addedBy && <> by {info.addedBy.name}</>} · {doc.words.toLocaleString("en")} words
        {info.note && <> · “{info.note}”</>}
      </p>
      <div className="version-read">
        <section aria-labelledby="version-text-heading">
          <h2 id="version-text-heading" className="visually-hidden">
            Text of version {doc.version}
          </h2>
          <VersionText text={doc.text} annotations={annotations} labelledBy="version-text-heading" />
        </section>
        <section aria-labelledby="version-annotations-heading" className="panel">
          <h2 id="version-annotations-heading">Annotations on version {doc.version}</h2>
          <VersionAnnotations annotations={annotations} />
        </section>
      </div>
    </main>
  );
}
