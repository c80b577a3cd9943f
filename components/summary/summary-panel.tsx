"use client";
// The "Reliability summary" region of the reader: the reliability index over claims with its interval,
// coverage, agreement, claims and annotations per class, the share of annotated text per class, the
// most disputed annotations and a strip of the whole document by effective class. It only displays what
// it is given (the reader computes the summary from the annotations it holds) and never fetches.
import { useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import type { DocumentSummary } from "@/lib/summary";
import { ClassBadge } from "@/components/annotations/class-badge";
import {
  CLASS_NAME,
  CLASS_ORDER,
  claimsSentence,
  formatAgreement,
  formatInterval,
  formatPercent,
  plural,
  reliabilityIndex,
  reliabilityState,
  sharePercents,
  TOO_FEW_CLAIMS,
} from "./format";
import { excerpt } from "@/lib/excerpt";
import { IntervalAxis, IntervalMark } from "./interval-mark";
import { ClassKey, None, SharesStack } from "./shares-stack";
import { stripSegments, type StripRun, type StripSegment } from "./strip";
import { SummaryDefinitions } from "./summary-definitions";

export interface SummaryPanelProps {
  /** From `computeSummary` (or the summary API). */
  summary: DocumentSummary;
  /** The summary's strip (`computeSummaryWithStrip`, or the summary API's `strip`). */
  strip: ReadonlyArray<StripRun>;
  /** Scroll the text to an annotation (the most disputed list). */
  onJump: (annotationId: string) => void;
  /** Scroll the text to a code point offset (the strip). */
  onJumpToOffset: (codePoint: number) => void;
  /** The quote of an annotation, to name it in the disputed list. */
  quoteOf?: (annotationId: string) => string | undefined;
  /** Whether an annotation of the disputed list is orphaned (not in this version's text): said beside it. */
  isOrphaned?: (annotationId: string) => boolean;
  /** How many of the most disputed claims to list (default 5). */
  disputedLimit?: number;
}

export function SummaryPanel({ summary, strip, onJump, onJumpToOffset, quoteOf, isOrphaned, disputedLimit = 5 }: Readonly<SummaryPanelProps>) {
  const total = CLASS_ORDER.reduce((n, c) => n + summary.counts[c], 0);
  const claimTotal = CLASS_ORDER.reduce((n, c) => n + summary.claims[c], 0);
  const pct = sharePercents(summary.shares);
  const hasShares = CLASS_ORDER.some((c) => summary.shares[c] > 0);
  return (
    <section aria-label="Reliability summary" className="panel summary-panel">
      {/* Focusable from script: a phone's Summary tab opens the sheet with the focus on it. */}
      <h2 tabIndex={-1}>Reliability summary</h2>
      <dl className="summary-figures">
        <ReliabilityFigure summary={summary} />
        <div className="figure">
          <dt>Coverage</dt>
          <dd>
            <span className="figure-value" data-testid="coverage">
              {formatPercent(summary.coverage)}
            </span>
            <span className="figure-note">of the text is annotated</span>
          </dd>
        </div>
        <AgreementFigure agreement={summary.agreement} agreementReviewers={summary.agreementReviewers} reviewers={summary.reviewers} />
      </dl>

      <h3>Claims and annotations</h3>
      <table className="summary-counts">
        <thead>
          <tr>
            <td />
            <th scope="col">Claims</th>
            <th scope="col">Annotations</th>
          </tr>
        </thead>
        <tbody>
          {CLASS_ORDER.map((c) => (
            <tr key={c}>
              <th scope="row">
                <ClassBadge classification={c} />
              </th>
              <td data-testid={`claims-${c}`}>{summary.claims[c].toLocaleString("en")}</td>
              <td data-testid={`count-${c}`}>{summary.counts[c].toLocaleString("en")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        <span data-testid="annotation-total">{plural(total, "annotation")}</span> by{" "}
        <span data-testid="reviewers">{plural(summary.reviewers, "reviewer")}</span>, marking{" "}
        <span data-testid="claim-total">{plural(claimTotal, "claim")}</span>
        {summary.rulings > 0 && (
          <span data-testid="ruled-note">. Annotations count in their authors’ classes; a ruled claim takes the ruling’s class.</span>
        )}
      </p>

      <h3>Share of annotated text</h3>
      {hasShares ? (
        <>
          <SharesStack shares={summary.shares} labels className="large" />
          <ul className="summary-legend">
            {CLASS_ORDER.map((c) => (
              <li key={c} data-testid={`share-${c}`}>
                <ClassKey classification={c} value={`${pct[c]}%`} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="small muted">No annotated text yet.</p>
      )}

      <h3>Document strip</h3>
      <DocumentStrip strip={strip} length={summary.length} onJumpToOffset={onJumpToOffset} />

      <h3>Most disputed</h3>
      <p className="small muted" data-testid="open-disputes">
        {plural(summary.openDisputes, "open dispute")}
        {summary.rulings > 0 && ` · ${plural(summary.rulings, "ruling")}`}
      </p>
      {summary.disputed.length === 0 ? (
        <p className="small muted">No annotation has been disputed or discussed yet.</p>
      ) : (
        <ol className="summary-disputed">
          {summary.disputed.slice(0, disputedLimit).map((d) => {
            const quote = quoteOf?.(d.annotationId);
            const orphaned = isOrphaned?.(d.annotationId) ?? false;
            return (
              <li key={d.annotationId}>
                <button type="button" className="link" onClick={() => onJump(d.annotationId)}>
                  <span className="visually-hidden">{orphaned ? "Show its card: " : "Show in text: "}</span>
                  {quote ? <q>{excerpt(quote, 90)}</q> : "Annotation"}
                </button>
                <span className="small muted">
                  {orphaned && "not in this version’s text · "}
                  {plural(d.disputes, "dispute")} · {plural(d.replies, "reply", "replies")}
                </span>
              </li>
            );
          })}
        </ol>
      )}

      <SummaryDefinitions />
    </section>
  );
}

function ReliabilityFigure({ summary }: Readonly<{ summary: DocumentSummary }>) {
  const state = reliabilityState(summary);
  const interval = formatInterval(summary.reliabilityLow, summary.reliabilityHigh);
  return (
    <div className={`figure figure-main is-${state}`}>
      <dt>Reliability index</dt>
      <dd>
        <span className="figure-value">
          {state === "judged" ? (
            <>
              <data data-testid="reliability-index" value={summary.reliability ?? ""}>
                {reliabilityIndex(summary.reliability)}
              </data>
              <span className="figure-unit"> / 100</span>
            </>
          ) : state === "too-few" ? (
            <span className="figure-too-few" data-testid="reliability-too-few">
              {TOO_FEW_CLAIMS[0].toUpperCase() + TOO_FEW_CLAIMS.slice(1)}
            </span>
          ) : (
            <None />
          )}
        </span>
        <span className="figure-note" data-testid="reliability-claims">
          {state === "none" ? "No sourced or contested claims yet, so there is no index." : `${claimsSentence(summary.claims)}.`}
        </span>
        {state !== "none" && (
          <>
            <span className="figure-interval" data-testid="reliability-interval">
              95% interval: {interval}
              {state === "too-few" && <span className="muted"> (the index is shown from {summary.minimumClaims} checkable claims)</span>}
            </span>
            <span className="figure-scale">
              <IntervalMark figures={summary} size="large" />
              <IntervalAxis />
            </span>
          </>
        )}
      </dd>
    </div>
  );
}

function AgreementFigure({
  agreement,
  agreementReviewers,
  reviewers,
}: Readonly<{ agreement: number | null; agreementReviewers: number; reviewers: number }>) {
  return (
    <div className="figure">
      <dt>Reviewer agreement</dt>
      <dd>
        <span className="figure-value">
          <data data-testid="agreement" value={agreement ?? ""}>
            {agreement === null ? <None /> : formatAgreement(agreement)}
          </data>
        </span>
        <span className="figure-note">
          {agreement !== null ? (
            <>
              based on <span data-testid="agreement-reviewers">{plural(agreementReviewers, "reviewer")}</span> (1 = full agreement, 0 = chance)
            </>
          ) : reviewers < 2 ? (
            "needs a second reviewer on the same passages"
          ) : (
            "no passage has been annotated by two reviewers yet"
          )}
        </span>
      </dd>
    </div>
  );
}

const STRIP_HELP = "Each mark is an annotated passage, in reading order. Click one, or move with the arrow keys and press Enter, to go there.";

function segmentLabel(s: StripSegment, i: number, n: number, length: number) {
  const at = (cp: number) => `${Math.min(100, Math.floor((cp / length) * 100))}%`;
  const where = s.mixed ? `${at(s.start)} to ${at(s.end)} of the text` : `at ${at(s.start)} of the text`;
  return `${s.mixed ? "Mostly " + CLASS_NAME[s.classification].toLowerCase() : CLASS_NAME[s.classification]}, ${i + 1} of ${n}, ${where}`;
}

/** The whole document as a bar, annotated passages marked by effective class; one tab stop, arrow keys move. */
function DocumentStrip({
  strip,
  length,
  onJumpToOffset,
}: Readonly<{ strip: ReadonlyArray<StripRun>; length: number; onJumpToOffset: (codePoint: number) => void }>) {
  const segments = useMemo(() => stripSegments(strip, length), [strip, length]);
  const [active, setActive] = useState(0);
  const current = Math.min(active, Math.max(0, segments.length - 1));
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const helpId = useId();

  if (segments.length === 0 || length <= 0) return <p className="small muted">Nothing annotated yet.</p>;

  const focus = (i: number) => {
    setActive(i);
    buttons.current[i]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = { ArrowRight: current + 1, ArrowDown: current + 1, ArrowLeft: current - 1, ArrowUp: current - 1, Home: 0, End: segments.length - 1 }[
      event.key
    ];
    if (next === undefined) return;
    event.preventDefault();
    focus(Math.max(0, Math.min(segments.length - 1, next)));
  };
  // A click between marks goes to that place in the text (the marks themselves go to their passage's start).
  const onTrackClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const fraction = Math.max(0, Math.min(1, (event.clientX - rect.left) / rect.width));
    onJumpToOffset(Math.min(length - 1, Math.floor(fraction * length)));
  };
  const percent = (cp: number) => `${(cp / length) * 100}%`;

  return (
    <div className="summary-strip-wrap">
      <div role="toolbar" aria-label="Document strip" aria-describedby={helpId} className="summary-strip" onKeyDown={onKeyDown} onClick={onTrackClick}>
        {segments.map((s, i) => {
          const label = segmentLabel(s, i, segments.length, length);
          return (
            <button
              key={`${s.start}-${s.classification}`}
              ref={(el) => {
                buttons.current[i] = el;
              }}
              type="button"
              tabIndex={i === current ? 0 : -1}
              className={`strip-seg pattern-${s.classification}`}
              style={{ left: percent(s.start), width: percent(s.end - s.start) }}
              aria-label={label}
              title={label}
              data-start={s.start}
              onClick={() => {
                setActive(i);
                onJumpToOffset(s.start);
              }}
            />
          );
        })}
      </div>
      <div className="strip-scale" aria-hidden="true">
        <span>start</span>
        <span>end</span>
      </div>
      <p id={helpId} className="visually-hidden">
        {STRIP_HELP}
      </p>
    </div>
  );
}
