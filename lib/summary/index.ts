export {
  computeSummary,
  computeSummaryWithStrip,
  effectiveClassStrip,
  CLASSIFICATIONS,
  MINIMUM_CLAIMS,
  type Classification,
  type DocumentSummary,
  type SummaryAnnotation,
  type SummaryInput,
} from "./summary";
export { krippendorffAlphaNominal } from "./krippendorff";
export { SUMMARY_DEFINITIONS, SUMMARY_DEFINITIONS_TITLE } from "./definitions";
export { groupClaims, overlapsSubstantially, type Claim, type ClaimAnnotation } from "./claims";
export { wilsonInterval, Z_95, type Interval } from "./interval";
export { compareByReliability, poolBy, poolClaims, type ClaimPool, type ReliabilityFigures } from "./ranking";
