// The reader's version menu: which version of the text this is, and every earlier one (read-only,
// with its annotations as they were), who added it, when and why; links to compare and to add one.
// Server-rendered, no script: a <details> disclosure.
import type { VersionDTO } from "@/lib/documents/versions";

interface Props {
  documentId: string;
  /** Newest first, as listVersions returns them, or in any order. */
  versions: readonly VersionDTO[];
}

const day = (iso: string) => iso.slice(0, 10);

export function VersionMenu({ documentId, versions }: Readonly<Props>) {
  const sorted = [...versions].sort((a, b) => b.number - a.number);
  const current = sorted.find((v) => v.current) ?? sorted[0];
  if (!current || sorted.length < 2) {
    return <a href={`/documents/${documentId}/versions`}>versions</a>;
  }
  return (
    <details className="version-menu">
      <summary>
        Version {current.number} of {sorted.length}
      </summary>
      <div className="version-menu-panel">
        <ul aria-label="Versions of this text">
          {sorted.map((v) => (
            <li key={v.number}>
              {v.current ? (
                <a href={`/documents/${documentId}`} aria-current="page">
                  Version {v.number} (current)
                </a>
              ) : (
                <a href={`/documents/${documentId}/versions/${v.number}`}>Version {v.number}</a>
              )}
              <span className="small">
                {" "}
                · {day(v.createdAt)}
                {v.addedBy && <> · {v.addedBy.name}</>}
                {v.note && <> · “{v.note}”</>}
              </span>
            </li>
          ))}
        </ul>
        <a href={`/documents/${documentId}/versions`}>Compare versions, or add one</a>
      </div>
    </details>
  );
}
