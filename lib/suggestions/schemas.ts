// Input rules of the suggestion routes.
import { z } from "zod";

/** GET /api/documents/[id]/suggestions?dismissed=1&annotated=1: also the ones this reviewer dismissed, and those annotated already (marked). */
export const suggestionsQuerySchema = z
  .strictObject({
    dismissed: z.enum(["0", "1"], { message: "dismissed: Use 1 or 0." }).optional(),
    annotated: z.enum(["0", "1"], { message: "annotated: Use 1 or 0." }).optional(),
  })
  .transform((q) => ({ includeDismissed: q.dismissed === "1", includeAnnotated: q.annotated === "1" }));

const offset = (name: string) => z.number({ message: `${name} must be a number.` }).int(`${name} must be a whole number.`).min(0, `${name} must be 0 or more.`);
const endAfterStart = (v: { start: number; end: number }) => v.end > v.start;
const endAfterStartMessage = { message: "end must be greater than start.", path: ["end"] };

/** POST …/suggestions/dismissals: the span of the suggestion to dismiss, as the suggestions give it. */
export const dismissalSchema = z.strictObject({ start: offset("start"), end: offset("end") }).refine(endAfterStart, endAfterStartMessage);

const offsetParam = (name: string) =>
  z
    .string({ message: `${name} is required.` })
    .regex(/^\d{1,10}$/, `${name} must be a whole number 0 or more.`)
    .transform(Number);

/** DELETE …/suggestions/dismissals?start=&end=: the dismissal to undo. */
export const dismissalQuerySchema = z.strictObject({ start: offsetParam("start"), end: offsetParam("end") }).refine(endAfterStart, endAfterStartMessage);
