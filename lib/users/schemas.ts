// Input rules for people, shared by the admin page and the users API.
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

// The same minimum as lib/auth/password.ts (which needs node:crypto, so the browser cannot import it);
// lib/users/service.test.ts checks that the two agree.
export const MIN_PASSWORD_LENGTH = 10;

export const roleSchema = z.enum(ROLES, { message: `Role must be one of: ${ROLES.join(", ")}.` });

export const nameSchema = z
  .string({ message: "A name is required." })
  .trim()
  .min(1, "A name is required.")
  .max(200, "A name can have at most 200 characters.");

export const emailSchema = z
  .string({ message: "An email address is required." })
  .trim()
  .toLowerCase()
  .max(320, "An email address can have at most 320 characters.")
  .email("That does not look like an email address.");

export const passwordSchema = z
  .string({ message: "A password is required." })
  .min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1000, "Passwords can have at most 1000 characters.")
  .refine((p) => p.trim() !== "", "A password cannot be only spaces.");

export const createUserSchema = z.strictObject({
  name: nameSchema,
  email: emailSchema,
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    name: nameSchema.optional(),
    email: emailSchema.optional(),
    role: roleSchema.optional(),
    active: z.boolean({ message: "active must be true or false." }).optional(),
  })
  .refine(
    (v) => v.name !== undefined || v.email !== undefined || v.role !== undefined || v.active !== undefined,
    "Nothing to change: send name, email, role or active.",
  );
export type UpdateUserInput = z.output<typeof updateUserSchema>;

export const resetPasswordSchema = z.strictObject({
  password: passwordSchema,
  /** Also activate the account (one that came with an import has no password until this). */
  activate: z.boolean({ message: "activate must be true or false." }).default(false),
});

/** A signed-in user changes their own password: the current one proves it is them. */
export const changeOwnPasswordSchema = z.strictObject({
  currentPassword: z
    .string({ message: "Enter your current password." })
    .min(1, "Enter your current password.")
    .max(1000, "Passwords can have at most 1000 characters."),
  newPassword: passwordSchema,
  /** Also revoke the user's API tokens (the account page's box, ticked by default). */
  revokeTokens: z.boolean({ message: "revokeTokens must be true or false." }).default(false),
});
export type ChangeOwnPasswordInput = z.output<typeof changeOwnPasswordSchema>;
