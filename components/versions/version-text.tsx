// An earlier version's text, read-only, with its annotations highlighted where they were when that
// version was current. Server-rendered: nothing here selects, edits or listens for live updates.
// Overlapping annotations show the majority class of the stretch (ties go to the more cautious class,
// contested > opinion > sourced, as in the summary); fuzzy placements get a dashed outline.
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import type { AnnotationDTO, AnyAnnotationDTO, Classification } from "@/lib/annotations/types";
import { ClassBadge } from "@/components/annotations/class-badge";

const CAUTION: Classification[] = ["contested", "opinion", "sourced"];

function majority(active: Iterable<AnnotationDTO>): Classification {
  const counts = new Map<Classification, number>();
  for (const a of active) counts.set(a.classification, (counts.get(a.classification) ?? 0) + 1);
  return CAUTION.reduce((best, c) => ((counts.get(c) ?? 0) > (counts.get(best) ?? 0) ? c : best));
}

interface Piece {
  text: string;
  active: AnnotationDTO[];
}

/** The text cut at every annotation boundary, each piece with the annotations covering it (one sweep). */
function pieces(text: string, placed: AnnotationDTO[]): Piece[] {
  const index = new CodePointIndex(text);
  const bounds = [...new Set([0, index.length, ...placed.flatMap((a) => [a.start, a.end])])].sort((x, y) => x - y);
  const byStart = [...placed].sort((x, y) => x.start - y.start);
  const active = new Set<AnnotationDTO>();
  const out: Piece[] = [];
  let next = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    for (const a of active) if (a.end <= from) active.delete(a);
    while (next < byStart.length && byStart[next].start <= from) active.add(byStart[next++]);
    out.push({ text: index.slice(from, to), active: [...active] });
  }
  return out;
}

const isPlaced = (a: AnyAnnotationDTO): a is AnnotationDTO => a.start !== null && a.end !== null && a.end > a.start;

export function VersionText({ text, annotations, labelledBy }: Readonly<{ text: string; annotations: AnyAnnotationDTO[]; labelledBy: string }>) {
  const placed = annotations.filter(isPlaced);
  const number = new Map(placed.map((a, i) => [a.id, i + 1]));
  return (
    <div className="version-text" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {pieces(text, placed).map((p, i) => {
        if (p.active.length === 0) return <span key={i}>{p.text}</span>;
        const fuzzy = p.active.some((a) => a.anchor.state === "fuzzy");
        const label = p.active.map((a) => `annotation ${number.get(a.id)}: ${a.classification} by ${a.author.name}${a.anchor.state === "fuzzy" ? ", placed approximately" : ""}`).join("; ");
        return (
          <mark key={i} className={`hl-${majority(p.active)}${fuzzy ? " hl-fuzzy" : ""}`} title={label}>
            {p.text}
          </mark>
        );
      })}
    </div>
  );
}

const STATE_LABEL = { exact: "exact", moved: "moved", fuzzy: "fuzzy (placed approximately)", orphaned: "orphaned (not found in this version)" } as const;

/** The annotations of that version, in document order (the orphaned ones last), numbered as in the title of their highlights. */
export function VersionAnnotations({ annotations }: Readonly<{ annotations: AnyAnnotationDTO[] }>) {
  if (annotations.length === 0) return <p className="muted">No annotation was placed on this version.</p>;
  let n = 0;
  return (
    <ol className="version-annotations">
      {annotations.map((a) => (
        <li key={a.id} className={a.anchor.state === "orphaned" ? "orphaned" : undefined}>
          <p className="small">
            {isPlaced(a) ? <>#{++n} · </> : null}
            <ClassBadge classification={a.classification} /> · {a.author.name} · {STATE_LABEL[a.anchor.state]}
          </p>
          <p>
            <q>{a.quote}</q>
          </p>
          {a.noteText && <p className="muted small version-annotation-note">{a.noteText}</p>}
        </li>
      ))}
    </ol>
  );
}
