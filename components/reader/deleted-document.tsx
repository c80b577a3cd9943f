// A deleted document as an admin sees it at its address before restoring it: read-only (nothing here
// selects, annotates or listens for live updates), marked deleted, with its annotations where they are
// and a Restore action. Everyone else gets the address's 404 (lib/documents/deleted.ts).
import Link from "next/link";
import type { DeletedDocumentView } from "@/lib/documents/deleted";
import { VersionAnnotations, VersionText } from "@/components/versions/version-text";
import { RestoreDocument } from "./restore-document";
import "@/components/versions/versions.css";

export function DeletedDocument({ view }: Readonly<{ view: DeletedDocumentView }>) {
  const { document: doc, annotations } = view;
  const day = doc.deletedAt.slice(0, 10);
  return (
    <main className="page wide versions-page version-page deleted-document">
      <p className="small">
        <Link href="/?deleted=1">← Deleted documents</Link>
      </p>
      <h1>{doc.title}</h1>
      <div className="notice deleted-banner" role="note" data-testid="deleted-banner">
        <p>
          <strong>Deleted</strong> on <time dateTime={doc.deletedAt}>{day}</time>: only admins can see it, read-only. Restore it to put it back in
          the library with its annotations, for everyone to read and annotate.
        </p>
        <RestoreDocument id={doc.id} title={doc.title} />
      </div>
      <p className="version-meta">
        {[doc.author && `by ${doc.author}`, doc.publisher, doc.kind, `version ${doc.version}`, `${doc.words.toLocaleString("en")} words`, `${annotations.length.toLocaleString("en")} annotation${annotations.length === 1 ? "" : "s"}`]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <div className="version-read">
        <div>
          <h2 id="deleted-text-heading" className="visually-hidden">
            Text
          </h2>
          <VersionText text={doc.text} annotations={annotations} labelledBy="deleted-text-heading" />
        </div>
        <section aria-labelledby="deleted-annotations-heading" className="panel">
          <h2 id="deleted-annotations-heading">Annotations</h2>
          {annotations.length === 0 ? <p className="muted">No annotations.</p> : <VersionAnnotations annotations={annotations} />}
        </section>
      </div>
    </main>
  );
}
