// The changes between two versions, inline: deleted text struck through, inserted text underlined, each
// also named in words for screen readers (never told apart by colour alone). Long unchanged stretches
// are cut to their ends (between words), with how much was left out. The text is part of the page (no scroll area of
// its own); each change is numbered for the Previous change / Next change controls above it.
import type { DiffPart, DiffStretch } from "@/lib/documents/diff";
import { headAtWord, tailAtWord } from "@/lib/excerpt";
import { ChangeNavigator } from "./change-navigator";

const KEEP = 240; // characters of unchanged text shown on each side of a change, at most (cut between words)

function cut(text: string, side: "both" | "head" | "tail"): Array<string | number> {
  const length = Array.from(text).length;
  if (length <= KEEP * 2 + 80) return [text];
  const head = side === "tail" ? "" : headAtWord(text, KEEP);
  const tail = side === "head" ? "" : tailAtWord(text, KEEP);
  const left = length - Array.from(head).length - Array.from(tail).length;
  return [...(head ? [head] : []), left, ...(tail ? [tail] : [])];
}

function Omitted({ count }: Readonly<{ count: number }>) {
  return <span className="diff-omitted">[… {count.toLocaleString("en")} unchanged characters …]</span>;
}

function Part({ part }: Readonly<{ part: DiffPart }>) {
  if (part.type === "equal") return <>{part.text}</>;
  const Mark = part.type === "insert" ? "ins" : "del";
  return (
    <Mark>
      <span className="visually-hidden">[{part.type === "insert" ? "inserted" : "deleted"}: </span>
      {part.text}
      <span className="visually-hidden">]</span>
    </Mark>
  );
}

interface Props {
  /** The diff's parts grouped by diffStretches: at least one change. */
  stretches: DiffStretch[];
  /** The id of the diff's heading, which names its region. */
  labelledBy: string;
}

export function VersionDiff({ stretches, labelledBy }: Readonly<Props>) {
  const count = stretches.filter((s) => s.type === "change").length;
  let n = 0;
  return (
    <div className="version-diff-wrap">
      <ChangeNavigator count={count} diffId="version-diff" />
      <div className="version-diff" id="version-diff" aria-labelledby={labelledBy} role="region">
        {stretches.map((s, i) => {
          if (s.type === "change") {
            n++;
            return (
              <span key={i} className="diff-change" id={`change-${n}`} data-change={n}>
                {s.parts.map((p, j) => (
                  <Part key={j} part={p} />
                ))}
              </span>
            );
          }
          const side = i === 0 ? "tail" : i === stretches.length - 1 ? "head" : "both";
          return (
            <span key={i}>
              {cut(s.part.text, side).map((piece, j) => (typeof piece === "number" ? <Omitted key={j} count={piece} /> : <span key={j}>{piece}</span>))}
            </span>
          );
        })}
      </div>
    </div>
  );
}
