// The reliability index on a 0–100 track: the 95% interval as a band with end caps, and the index
// as a dot only when there are enough claims to judge. Decoration: the numbers are always printed
// beside it (aria-hidden). SVG lengths in percent keep circles round at any width, with no script.

import { reliabilityState, type ReliabilityView } from "./format";

const pct = (fraction: number) => `${Math.max(0, Math.min(1, fraction)) * 100}%`;

export interface IntervalMarkProps {
  figures: ReliabilityView;
  /** "small" for a table cell, "large" for the reader's figure, "row" for the corpus chart. */
  size?: "small" | "large" | "row";
  /** A reference value to mark with a dashed line (the corpus overall), if any. */
  reference?: number | null;
}

const HEIGHT = { small: 14, large: 22, row: 22 } as const;

export function IntervalMark({ figures, size = "small", reference = null }: Readonly<IntervalMarkProps>) {
  const state = reliabilityState(figures);
  const h = HEIGHT[size];
  const mid = h / 2;
  const band = size === "small" ? 4 : 6;
  return (
    <svg className={`interval-mark interval-${size} is-${state}`} width="100%" height={h} aria-hidden="true" focusable="false">
      <line className="interval-axis" x1="0%" x2="100%" y1={mid} y2={mid} />
      {size !== "small" &&
        [0, 0.25, 0.5, 0.75, 1].map((t) => <line key={t} className="interval-grid" x1={pct(t)} x2={pct(t)} y1={1} y2={h - 1} />)}
      {reference !== null && <line className="interval-reference" x1={pct(reference)} x2={pct(reference)} y1={0} y2={h} />}
      {state !== "none" && (
        <>
          <rect
            className="interval-band"
            x={pct(figures.reliabilityLow!)}
            width={pct(figures.reliabilityHigh! - figures.reliabilityLow!)}
            y={mid - band / 2}
            height={band}
            rx={band / 2}
          />
          <line className="interval-cap" x1={pct(figures.reliabilityLow!)} x2={pct(figures.reliabilityLow!)} y1={mid - band} y2={mid + band} />
          <line className="interval-cap" x1={pct(figures.reliabilityHigh!)} x2={pct(figures.reliabilityHigh!)} y1={mid - band} y2={mid + band} />
        </>
      )}
      {state === "judged" && <circle className="interval-dot" cx={pct(figures.reliability!)} cy={mid} r={size === "small" ? 3.5 : 5.5} />}
    </svg>
  );
}

/** The 0–100 scale under (or over) a column of interval marks. */
export function IntervalAxis() {
  const ticks = [0, 25, 50, 75, 100];
  return (
    <svg className="interval-axis-labels" width="100%" height={16} aria-hidden="true" focusable="false">
      {ticks.map((t) => (
        <text key={t} x={`${t}%`} y={12} textAnchor={t === 0 ? "start" : t === 100 ? "end" : "middle"}>
          {t}
        </text>
      ))}
    </svg>
  );
}
