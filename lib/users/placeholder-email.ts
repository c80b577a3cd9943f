// The synthetic addresses of import placeholders (lib/import/placeholder.ts makes them), recognised by the
// people service and pages too: a reserved (.invalid) domain, so no such address can ever receive mail or be someone's.
export const PLACEHOLDER_EMAIL_DOMAIN = "placeholder.apparatus.invalid";

export function isPlaceholderEmail(email: string): boolean {
  return email.endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`);
}

/**
 * An account an import made for someone with a real address: it has no password yet, and gets going when
 * an admin sets one (or creates a user with its address). Authors without an address never can.
 */
export function awaitsPassword(user: { email: string; hasPassword: boolean }): boolean {
  return !user.hasPassword && !isPlaceholderEmail(user.email);
}
