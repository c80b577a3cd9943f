"use client";
// The "Annotations" side region: every annotation of the document in document order, with filters.
import { useMemo, useState, type ReactNode } from "react";
import { NoteView } from "@/components/notes";
import { isEmptyNote } from "@/lib/notes/schema";
import { CLASSIFICATIONS, type AnnotationDTO, type Classification } from "@/lib/annotations/types";
import { ClassBadge, CLASS_LABEL } from "./class-badge";
import { RelativeTime } from "./relative-time";

const PAGE = 150;

export interface ListViewer {
  id: string;
  role: "admin" | "editor" | "reviewer" | "viewer";
}

interface Props {
  annotations: AnnotationDTO[];
  viewer: ListViewer;
  focusedIds: ReadonlySet<string>;
  onShow: (annotation: AnnotationDTO) => void;
  onEdit: (annotation: AnnotationDTO) => void;
  onDelete: (annotation: AnnotationDTO) => Promise<void>;
  renderExtra?: (annotation: AnnotationDTO) => ReactNode;
}

const shorten = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function AnnotationList({ annotations, viewer, focusedIds, onShow, onEdit, onDelete, renderExtra }: Readonly<Props>) {
  const [cls, setCls] = useState<"" | Classification>("");
  const [reviewer, setReviewer] = useState("");
  const [mine, setMine] = useState(false);
  const [limit, setLimit] = useState(PAGE);

  const reviewers = useMemo(() => {
    const map = new Map<string, string>();
    for (const a of annotations) map.set(a.author.id, a.author.name);
    return [...map].sort((a, b) => a[1].localeCompare(b[1]));
  }, [annotations]);

  const visible = useMemo(
    () =>
      annotations.filter(
        (a) => (!cls || a.classification === cls) && (!reviewer || a.author.id === reviewer) && (!mine || a.author.id === viewer.id),
      ),
    [annotations, cls, reviewer, mine, viewer.id],
  );
  // Focused entries (from clicking a highlight) always render, even beyond the page limit.
  const shown = visible.filter((a, i) => i < limit || focusedIds.has(a.id));

  return (
    <section className="panel annotation-list" aria-label="Annotations">
      <h2>
        Annotations <span className="muted small">({visible.length === annotations.length ? annotations.length : `${visible.length} of ${annotations.length}`})</span>
      </h2>
      <div className="filters">
        <label>
          Class{" "}
          <select value={cls} onChange={(e) => setCls(e.target.value as "" | Classification)}>
            <option value="">All classes</option>
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {CLASS_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reviewer{" "}
          <select value={reviewer} onChange={(e) => setReviewer(e.target.value)}>
            <option value="">All reviewers</option>
            {reviewers.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Mine
        </label>
      </div>
      {visible.length === 0 && (
        <p className="muted">{annotations.length === 0 ? "No annotations yet. Select a passage in the text to annotate it." : "No annotation matches these filters."}</p>
      )}
      <ol className="entries">
        {shown.map((a) => (
          <AnnotationEntry
            key={a.id}
            annotation={a}
            focused={focusedIds.has(a.id)}
            canEdit={a.author.id === viewer.id && viewer.role !== "viewer"}
            canDelete={(a.author.id === viewer.id && viewer.role !== "viewer") || viewer.role === "admin"}
            onShow={onShow}
            onEdit={onEdit}
            onDelete={onDelete}
            extra={renderExtra?.(a)}
          />
        ))}
      </ol>
      {visible.length > shown.length && (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          Show more ({visible.length - shown.length} more)
        </button>
      )}
    </section>
  );
}

interface EntryProps {
  annotation: AnnotationDTO;
  focused: boolean;
  canEdit: boolean;
  canDelete: boolean;
  onShow: (a: AnnotationDTO) => void;
  onEdit: (a: AnnotationDTO) => void;
  onDelete: (a: AnnotationDTO) => Promise<void>;
  extra?: ReactNode;
}

function AnnotationEntry({ annotation: a, focused, canEdit, canDelete, onShow, onEdit, onDelete, extra }: Readonly<EntryProps>) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <li id={`entry-${a.id}`} className={`entry entry-${a.classification}${focused ? " focused" : ""}`} data-annotation-id={a.id}>
      <article aria-label={`${CLASS_LABEL[a.classification]} annotation by ${a.author.name}`}>
        <header>
          <ClassBadge classification={a.classification} />
          <span className="muted small">
            {a.author.name} · <RelativeTime iso={a.createdAt} />
            {a.version > 1 && " · edited"}
          </span>
        </header>
        <button type="button" className="quote-button" onClick={() => onShow(a)} title="Show in text">
          <q>{shorten(a.quote)}</q>
          <span className="visually-hidden"> — show in text</span>
        </button>
        {!isEmptyNote(a.note) && <NoteView doc={a.note} />}
        {a.evidence.length > 0 && (
          <ul className="evidence">
            {a.evidence.map((e, i) => (
              <li key={i}>
                {e.citation && <span>{e.citation}</span>}
                {e.citation && e.url && " — "}
                {e.url && (
                  <a href={e.url} target="_blank" rel="nofollow noopener noreferrer">
                    {shorten(e.url, 60)}
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
        {extra}
        {(canEdit || canDelete) && (
          <div className="actions">
            {canEdit && (
              <button type="button" onClick={() => onEdit(a)}>
                Edit
              </button>
            )}
            {canDelete && !confirming && (
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                Delete
              </button>
            )}
            {confirming && (
              <>
                <button
                  type="button"
                  className="danger"
                  onClick={async () => {
                    try {
                      await onDelete(a);
                    } catch (err) {
                      setError((err as Error).message);
                      setConfirming(false);
                    }
                  }}
                >
                  Confirm delete
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep
                </button>
              </>
            )}
          </div>
        )}
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
      </article>
    </li>
  );
}
