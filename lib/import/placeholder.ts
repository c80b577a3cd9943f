// Placeholder accounts the importer creates for authors it cannot match, so attributions survive.
// Their email, when the file gave none, is a synthetic address under a reserved (.invalid) domain;
// exports leave it out, so a file without addresses round-trips without gaining any.
import crypto from "node:crypto";

import { PLACEHOLDER_EMAIL_DOMAIN } from "@/lib/users/placeholder-email";

export { isPlaceholderEmail } from "@/lib/users/placeholder-email";

export function placeholderEmail(userId: string): string {
  // The id may hold characters an address cannot; a digest keeps the address valid and unique.
  const local = /^[a-z0-9][a-z0-9._-]{0,63}$/.test(userId) ? userId : crypto.createHash("sha256").update(userId).digest("hex").slice(0, 32);
  return `${local}@${PLACEHOLDER_EMAIL_DOMAIN}`;
}


/** A password hash no password can match (verifyPassword accepts only "scrypt$…" hashes). */
export function unusablePasswordHash(): string {
  return `disabled$import-placeholder$${crypto.randomBytes(16).toString("hex")}`;
}
