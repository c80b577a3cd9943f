// A document's reliability in a table cell (the library): its 95% interval on a small 0–100 track,
// and the index in bold only from the minimum number of checkable claims ("too few" below it).
// The whole figure in words is the cell's title and, for screen readers, its hidden text.
import { reliabilityIndex, reliabilityState, reliabilityText, type ReliabilityView } from "./format";
import { IntervalMark } from "./interval-mark";

export function ReliabilityCell({ figures }: Readonly<{ figures: ReliabilityView }>) {
  const state = reliabilityState(figures);
  const text = reliabilityText(figures);
  return (
    <span className={`reliability-cell is-${state}`} title={text}>
      <IntervalMark figures={figures} size="small" />
      <span className="reliability-cell-value" data-testid="library-reliability">
        <span className="visually-hidden">{text}</span>
        <span aria-hidden="true">{state === "judged" ? reliabilityIndex(figures.reliability) : state === "too-few" ? "too few" : "—"}</span>
      </span>
    </span>
  );
}
