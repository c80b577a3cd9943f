import type { Classification } from "@/lib/annotations/types";

export const CLASS_LABEL: Record<Classification, string> = { sourced: "Sourced", contested: "Contested", opinion: "Opinion" };
// A shape per class as well as a colour, so the badge reads without colour.
const ICON: Record<Classification, string> = { sourced: "✓", contested: "!", opinion: "≈" };

export function ClassBadge({ classification }: Readonly<{ classification: Classification }>) {
  return (
    <span className={`badge badge-${classification}`}>
      <span aria-hidden="true">{ICON[classification]}</span> {CLASS_LABEL[classification]}
    </span>
  );
}
