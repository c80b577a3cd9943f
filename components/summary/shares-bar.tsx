// A small stacked bar of a document's class shares with its reliability index, for a table cell
// (the library). Readable without colour: patterned segments, the index printed, a text alternative.
import type { Classification } from "@/lib/summary";
import { reliabilityIndex } from "./format";
import { None, SharesStack } from "./shares-stack";

export interface SharesBarProps {
  shares: Readonly<Record<Classification, number>>;
  reliability: number | null;
}

export function SharesBar({ shares, reliability }: Readonly<SharesBarProps>) {
  const index = reliabilityIndex(reliability);
  return (
    <span className="shares-bar">
      <SharesStack shares={shares} />
      <span className="shares-bar-index" data-testid="library-reliability" title="Reliability index (0–100)">
        <span className="visually-hidden">Reliability index </span>
        {index ?? <None />}
      </span>
    </span>
  );
}
