// What the tokens API and the account page see of a token (never its secret or hash).
export type TokenStatus = "active" | "expired" | "revoked";
/** What a token may do: read (GET and HEAD requests only) or write (everything its owner may do). */
export const TOKEN_ACCESS = ["read", "write"] as const;
export type TokenAccess = (typeof TOKEN_ACCESS)[number];

export interface TokenDTO {
  id: string;
  name: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  access: TokenAccess;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: TokenStatus;
}

/** The answer to POST /api/tokens: the only time the secret is shown. */
export interface CreatedToken {
  token: TokenDTO;
  secret: string;
}
