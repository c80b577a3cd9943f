// The versions page of a document: every version (who added it, when, the change note), the changes
// between any two (a plain GET form, so it works without script), the annotations that need a check
// after the latest version, and for admins and reviewers the form to add a new version.
import Link from "next/link";
import type { AnyAnnotationDTO } from "@/lib/annotations/types";
import { diffStretches, type TextDiff } from "@/lib/documents/diff";
import type { VersionDTO } from "@/lib/documents/versions";
import { RelativeTime } from "@/components/annotations/relative-time";
import { excerpt } from "@/lib/excerpt";
import { plural } from "@/lib/plural";
import { AddVersionForm } from "./add-version-form";
import { VersionDiff } from "./version-diff";
import "./versions.css";

const FORMAT_LABEL: Record<string, string> = { text: "plain text", markdown: "Markdown", html: "HTML" };
const fmt = (n: number) => n.toLocaleString("en");

interface Props {
  document: { id: string; title: string; version: number };
  versions: VersionDTO[];
  compare: { from: number; to: number; showWhitespace: boolean } | null;
  diff: ({ from: VersionDTO; to: VersionDTO } & TextDiff) | null;
  diffError: string | null;
  needsCheck: AnyAnnotationDTO[];
  canAdd: boolean;
}

function VersionList({ document, versions }: Readonly<Pick<Props, "document" | "versions">>) {
  return (
    <ol className="version-list" reversed>
      {versions.map((v) => (
        <li key={v.number} className="version-card" aria-labelledby={`version-${v.number}`}>
          <h3 id={`version-${v.number}`}>
            Version {v.number}
            {v.current && <span className="current-badge"> (current)</span>}
          </h3>
          <p className="version-meta">
            Added <RelativeTime iso={v.createdAt} />
            {v.addedBy && <> by {v.addedBy.name}</>}
            {v.format && <> · uploaded as {FORMAT_LABEL[v.format] ?? v.format}</>} · {fmt(v.words)} words · {fmt(v.length)} characters
          </p>
          {v.note ? <p className="version-note">{v.note}</p> : <p className="version-note muted">No change note.</p>}
          <p className="small version-links">
            <Link href={`/documents/${document.id}/versions/${v.number}`} aria-label={`Read version ${v.number}`}>
              Read{v.current ? "" : " (read-only)"}
            </Link>
            {v.number > 1 && (
              <Link href={`/documents/${document.id}/versions?from=${v.number - 1}&to=${v.number}#changes`}>Changes from version {v.number - 1}</Link>
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}

function CompareForm({ document, versions, compare }: Readonly<Pick<Props, "document" | "versions" | "compare">>) {
  const options = versions.map((v) => (
    <option key={v.number} value={v.number}>
      Version {v.number}
      {v.current ? " (current)" : ""}
    </option>
  ));
  return (
    <form className="compare-form" method="get" action={`/documents/${document.id}/versions#changes`}>
      <div className="field">
        <label htmlFor="compare-from">From</label>
        <select id="compare-from" name="from" defaultValue={compare?.from}>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor="compare-to">To</label>
        <select id="compare-to" name="to" defaultValue={compare?.to}>
          {options}
        </select>
      </div>
      <label className="check whitespace-choice">
        <input type="checkbox" name="whitespace" value="show" defaultChecked={compare?.showWhitespace} /> Show whitespace changes
      </label>
      <button type="submit">Show the changes</button>
    </form>
  );
}

function NeedsCheck({ document, needsCheck }: Readonly<Pick<Props, "document" | "needsCheck">>) {
  if (needsCheck.length === 0) return <p className="muted">No annotation needs a check: every one is where its text is.</p>;
  return (
    <>
      <p className="muted small">
        Placed approximately (fuzzy) or not found (orphaned) when version {document.version} came in. Open one in the document: on its card, its
        author, an editor or an admin confirms a fuzzy placement, places the annotation again by selecting its text, or leaves it orphaned with a note.
      </p>
      <ul className="needs-check">
        {needsCheck.map((a) => (
          <li key={a.id}>
            <p className="check-state">
              <strong>{a.anchor.state === "fuzzy" ? "Fuzzy" : "Orphaned"}</strong>
              {a.anchor.score !== undefined && <> · score {a.anchor.score.toFixed(2)}</>} · {a.classification} · by {a.author.name}
            </p>
            <p className="check-quote">
              <span className="label">Was:</span> <q>{a.anchor.previousQuote ?? a.quote}</q>
            </p>
            <p className="check-quote">
              <span className="label">Now:</span> {a.start === null ? <em>not found in the current text</em> : <q>{a.quote}</q>}
            </p>
            <p className="small check-link">
              <Link href={`/documents/${document.id}?a=${encodeURIComponent(a.id)}`} aria-label={`Check it in the document: “${excerpt(a.anchor.previousQuote ?? a.quote, 60)}”`}>
                Check it in the document
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function VersionsView({ document, versions, compare, diff, diffError, needsCheck, canAdd }: Readonly<Props>) {
  const stretches = diff ? diffStretches(diff.parts) : [];
  const changes = stretches.filter((s) => s.type === "change").length;
  // Nothing marked (the same text, or whitespace changes left out): no excerpt of unchanged text to show.
  const changed = changes > 0;
  return (
    <>
      <p className="small">
        <Link href={`/documents/${document.id}`}>← Back to the document</Link>
      </p>
      <h1>Versions of “{document.title}”</h1>
      <p className="muted intro">
        Each version&apos;s text is kept as it was added. The library, search, summaries and exports use the current one, version{" "}
        {document.version}; annotations follow the text into each new version.
      </p>
      <div className="versions-grid">
        <section aria-labelledby="versions-heading" className="versions-list-section">
          <h2 id="versions-heading">All versions</h2>
          <VersionList document={document} versions={versions} />
        </section>
        <div className="versions-main">
          <section aria-labelledby="changes" className="panel changes-section">
            <h2 id="changes" tabIndex={-1}>
              Changes
            </h2>
            {versions.length < 2 ? (
              <p className="muted">There is only one version so far: nothing to compare.</p>
            ) : (
              <>
                <CompareForm document={document} versions={versions} compare={compare} />
                {diffError && (
                  <p className="error" role="alert">
                    {diffError}
                  </p>
                )}
                {diff && (
                  <>
                    <h3 id="diff-heading" className="diff-heading">
                      From version {diff.from.number} to version {diff.to.number}
                    </h3>
                    <p className="diff-stats small">
                      {changed
                        ? `${plural(changes, "change")}: ${plural(diff.inserted, "character")} inserted, ${fmt(diff.deleted)} deleted.`
                        : diff.whitespaceChanges > 0
                          ? "The two texts differ only in whitespace."
                          : "The two texts are the same."}
                      {diff.whitespaceChanges > 0 && changed && ` ${plural(diff.whitespaceChanges, "whitespace-only change is", "whitespace-only changes are")} not shown.`}
                      {diff.coarse && " The changes are too many to show word by word; changed stretches are shown whole."}{" "}
                      {changed && (
                        <span className="diff-legend">
                          Deleted text is <del>struck through</del>, inserted text is <ins>underlined</ins>.
                        </span>
                      )}
                    </p>
                    {changed && <VersionDiff stretches={stretches} labelledBy="diff-heading" />}
                  </>
                )}
              </>
            )}
          </section>
          <section aria-labelledby="needs-check-heading" className="panel">
            <h2 id="needs-check-heading" tabIndex={-1}>
              Needs check
            </h2>
            <NeedsCheck document={document} needsCheck={needsCheck} />
          </section>
          {canAdd && (
            <section aria-labelledby="add-version-heading" className="add-version-section">
              <h2 id="add-version-heading">Add a new version</h2>
              <p className="muted small">
                Upload the revised source or paste its text; it goes through the same extraction as adding a document. Annotations are placed on
                the new text, and the ones that moved too much to be sure are listed for a check.
              </p>
              <AddVersionForm documentId={document.id} currentVersion={document.version} />
            </section>
          )}
        </div>
      </div>
    </>
  );
}
