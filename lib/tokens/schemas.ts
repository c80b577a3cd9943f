// Input rules for personal API tokens, shared by the account page and POST /api/tokens.
import { z } from "zod";
import { TOKEN_ACCESS } from "./types";

export const TOKEN_EXPIRY_CHOICES = [7, 30, 90, 365] as const;
/** A token created without an expiry lives this long; a token that never expires must be asked for (null). */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 3650;

export const createTokenSchema = z
  .strictObject({
    name: z
      .string({ message: "A token name is required." })
      .trim()
      .min(1, "A token name is required.")
      .max(100, "A token name can have at most 100 characters."),
    // What it may do: "read" (GET and HEAD only: exports, lists, summaries) or "write" (the default: everything its owner may).
    access: z.enum(TOKEN_ACCESS, { message: 'access must be "read" or "write".' }).default("write"),
    // Days from now; absent (and no expiresAt) means DEFAULT_TOKEN_DAYS; null means the token never expires.
    expiresInDays: z
      .number({ message: "expiresInDays must be a number of days." })
      .int("expiresInDays must be a whole number of days.")
      .min(1, "expiresInDays must be at least 1.")
      .max(MAX_TOKEN_DAYS, `expiresInDays can be at most ${MAX_TOKEN_DAYS}.`)
      .nullish(),
    // An exact instant instead (ISO 8601 with a time zone); it must lie in the future.
    expiresAt: z.iso
      .datetime({ offset: true, message: "expiresAt must be an ISO date-time such as 2027-01-31T12:00:00Z." })
      .transform((v) => new Date(v))
      .refine((d) => d.getTime() > Date.now(), "expiresAt must be in the future.")
      .refine((d) => d.getTime() <= Date.now() + MAX_TOKEN_DAYS * 86_400_000, `expiresAt can be at most ${MAX_TOKEN_DAYS} days away.`)
      .nullish(),
  })
  .refine((v) => v.expiresInDays == null || v.expiresAt == null, "Send expiresInDays or expiresAt, not both.");
export type CreateTokenInput = z.output<typeof createTokenSchema>;
