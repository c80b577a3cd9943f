// A stacked bar of the class shares. Each class has a fill pattern as well as a colour (solid, stripes,
// dots), the bar has a text alternative, and with `labels` each wide-enough segment prints its percentage.
import { CLASS_NAME, CLASS_ORDER, sharePercents, sharesText, type Shares } from "./format";

interface Props {
  shares: Shares;
  /** Print the percentage inside segments that are wide enough to hold it. */
  labels?: boolean;
  className?: string;
}

export function SharesStack({ shares, labels = false, className }: Readonly<Props>) {
  const pct = sharePercents(shares);
  const text = sharesText(shares);
  const empty = CLASS_ORDER.every((c) => !(shares[c] > 0));
  return (
    <span className={`shares-stack${empty ? " is-empty" : ""}${className ? ` ${className}` : ""}`} role="img" aria-label={text} title={text}>
      {CLASS_ORDER.filter((c) => shares[c] > 0).map((c) => (
        <span key={c} className={`seg pattern-${c}`} style={{ flexGrow: shares[c], flexBasis: 0 }} data-class={c}>
          {labels && pct[c] >= 12 && (
            <span className="seg-label" aria-hidden="true">
              {pct[c]}%
            </span>
          )}
        </span>
      ))}
    </span>
  );
}

/** Pattern swatch + class name (+ percentage): the key that tells the patterns apart without colour. */
export function ClassKey({ classification, value }: Readonly<{ classification: keyof typeof CLASS_NAME; value?: string }>) {
  return (
    <span className="class-key">
      <span className={`swatch pattern-${classification}`} aria-hidden="true" />
      {CLASS_NAME[classification]}
      {value !== undefined && <span className="class-key-value"> {value}</span>}
    </span>
  );
}

/** "—" on screen, "none" to a screen reader. */
export function None() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">none</span>
    </>
  );
}
