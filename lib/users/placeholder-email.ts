// The synthetic addresses of import placeholders (lib/import/placeholder.ts makes them), recognised by the
// people service and pages too: a reserved (.invalid) domain, so no such address can ever receive mail or be someone's.
export const PLACEHOLDER_EMAIL_DOMAIN = "placeholder.apparatus.invalid";

export function isPlaceholderEmail(email: string): boolean {
  return email.endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`);
}
