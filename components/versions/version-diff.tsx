// The changes between two versions, inline: deleted text struck through, inserted text underlined, each
// also named in words for screen readers (never told apart by colour alone). Long unchanged stretches
// are cut to their ends, with how much was left out.
import type { DiffPart } from "@/lib/documents/diff";

const KEEP = 240; // characters of unchanged text shown on each side of a change

function cut(text: string, side: "both" | "head" | "tail"): Array<string | number> {
  const chars = Array.from(text);
  if (chars.length <= KEEP * 2 + 80) return [text];
  if (side === "head") return [chars.slice(0, KEEP).join(""), chars.length - KEEP];
  if (side === "tail") return [chars.length - KEEP, chars.slice(-KEEP).join("")];
  return [chars.slice(0, KEEP).join(""), chars.length - 2 * KEEP, chars.slice(-KEEP).join("")];
}

function Omitted({ count }: Readonly<{ count: number }>) {
  return <span className="diff-omitted">[… {count.toLocaleString("en")} unchanged characters …]</span>;
}

export function VersionDiff({ parts, labelledBy }: Readonly<{ parts: DiffPart[]; labelledBy: string }>) {
  return (
    <div className="version-diff" aria-labelledby={labelledBy} role="region" tabIndex={0}>
      {parts.map((p, i) => {
        if (p.type === "insert") {
          return (
            <ins key={i}>
              <span className="visually-hidden">[inserted: </span>
              {p.text}
              <span className="visually-hidden">]</span>
            </ins>
          );
        }
        if (p.type === "delete") {
          return (
            <del key={i}>
              <span className="visually-hidden">[deleted: </span>
              {p.text}
              <span className="visually-hidden">]</span>
            </del>
          );
        }
        const side = i === 0 ? "tail" : i === parts.length - 1 ? "head" : "both";
        return (
          <span key={i}>
            {cut(p.text, side).map((piece, j) => (typeof piece === "number" ? <Omitted key={j} count={piece} /> : <span key={j}>{piece}</span>))}
          </span>
        );
      })}
    </div>
  );
}
