export {
  computeSummary,
  effectiveClassStrip,
  CLASSIFICATIONS,
  type Classification,
  type DocumentSummary,
  type SummaryAnnotation,
  type SummaryInput,
} from "./summary";
export { krippendorffAlphaNominal } from "./krippendorff";
export { SUMMARY_DEFINITIONS, SUMMARY_DEFINITIONS_TITLE } from "./definitions";
