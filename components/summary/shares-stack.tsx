// A stacked bar of the class shares. Each class has a fill pattern as well as a colour (solid, stripes,
// dots), and the bar has a text alternative. With `labels`, each segment prints its percentage inside when
// it is wide enough to hold it at a readable size (summary.css: a container query per segment); put a
// legend with every value beside such a bar (ShareValues, or the reader's class keys), since a narrow
// segment's label is hidden rather than shrunk.
import { CLASS_NAME, CLASS_ORDER, sharePercents, sharesText, type Shares } from "./format";

interface Props {
  shares: Shares;
  /** Print the percentage inside the segments wide enough to hold it. */
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
          {labels && (
            <span className="seg-label" aria-hidden="true">
              {pct[c]}%
            </span>
          )}
        </span>
      ))}
    </span>
  );
}

/**
 * The percentages of a shares bar under it, each with its class's pattern (the chart's legend names
 * them): every value readable however narrow its segment. Decoration: the bar's text alternative says it all.
 */
export function ShareValues({ shares }: Readonly<{ shares: Shares }>) {
  const pct = sharePercents(shares);
  if (CLASS_ORDER.every((c) => !(shares[c] > 0))) return null;
  return (
    <span className="share-values" aria-hidden="true">
      {CLASS_ORDER.filter((c) => shares[c] > 0).map((c) => (
        <span key={c} className="share-value" data-class={c}>
          <span className={`swatch pattern-${c}`} />
          {pct[c]}%
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
