import "server-only";
// Personal API tokens: a secret shown once, stored only as its SHA-256 (plus a short prefix to recognise
// it), carrying its owner's role: to write (everything the owner may do) or only to read (GET and HEAD
// requests: a nightly export's token cannot change anything if it leaks). lib/auth/session.ts accepts
// them as `Authorization: Bearer <secret>` and refuses a read-only token's other requests.
import crypto from "node:crypto";
import { countLiveTokens, findToken, findTokensOf, insertToken, lockPerson, peopleTransaction, revokeTokenRow, type TokenRecord } from "@/lib/users/store";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/service";
import { hashApiToken } from "@/lib/auth/session";
import { isAdmin, type CurrentUser } from "@/lib/auth/roles";
import { DEFAULT_TOKEN_DAYS } from "./schemas";
import type { CreatedToken, TokenAccess, TokenDTO, TokenStatus } from "./types";

export type { CreatedToken, TokenDTO, TokenStatus } from "./types";

export const TOKEN_PREFIX = "apx_";
const PREFIX_LENGTH = TOKEN_PREFIX.length + 8;
// Enough for scripts and integrations; more live tokens than this is a sign of leaking ones.
export const MAX_LIVE_TOKENS = 50;

type TokenRow = TokenRecord;

function statusOf(t: TokenRow, now = Date.now()): TokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt.getTime() <= now) return "expired";
  return "active";
}

const toTokenDTO = (t: TokenRow): TokenDTO => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  access: t.access === "read" ? "read" : "write",
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  status: statusOf(t),
});

/** A new secret: `apx_` + 32 random bytes in base64url (43 characters). */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
}

type Owner = Pick<CurrentUser, "id" | "via">;

/** Neither field given: DEFAULT_TOKEN_DAYS from now. An explicit null (in either) asks for a token that never expires. */
function expiryOf(options: { expiresInDays?: number | null; expiresAt?: Date | null }): Date | null {
  if (options.expiresAt) return options.expiresAt;
  if (options.expiresInDays != null) return new Date(Date.now() + options.expiresInDays * 86_400_000);
  if (options.expiresInDays === null || options.expiresAt === null) return null;
  return new Date(Date.now() + DEFAULT_TOKEN_DAYS * 86_400_000);
}

/** Create a token for the signed-in user; the secret is returned here and never again. */
export async function createToken(options: {
  user: Owner;
  name: string;
  /** Default "write". */
  access?: TokenAccess;
  expiresInDays?: number | null;
  expiresAt?: Date | null;
  ip?: string | null;
}): Promise<CreatedToken> {
  const { user } = options;
  // A leaked token must not be able to mint more tokens that outlive its revocation.
  if (user.via === "token") throw forbidden("Create tokens from the account page.");
  const name = options.name.trim();
  if (!name) throw new AppError("UNPROCESSABLE", "A token name is required.");
  if (options.expiresInDays != null && options.expiresAt != null) {
    throw new AppError("INVALID_INPUT", "Send expiresInDays or expiresAt, not both.");
  }
  const expiresAt = expiryOf(options);
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppError("UNPROCESSABLE", "The expiry must be in the future.");

  const secret = generateTokenSecret();
  const row = await peopleTransaction(async (tx) => {
    await lockPerson(user.id, tx); // one creation of this person's at a time: the count below stays true until the insert
    const live = await countLiveTokens(user.id, tx);
    if (live >= MAX_LIVE_TOKENS) {
      throw new AppError("CONFLICT", `You already have ${MAX_LIVE_TOKENS} active tokens. Revoke some before creating more.`);
    }
    const access = options.access ?? "write";
    const created = await insertToken({ userId: user.id, name, tokenHash: hashApiToken(secret), prefix: secret.slice(0, PREFIX_LENGTH), access, expiresAt }, tx);
    await recordAudit(
      {
        type: "token_created",
        actorId: user.id,
        targetId: user.id,
        ip: options.ip,
        detail: { tokenId: created.id, name, prefix: created.prefix, access, expiresAt: expiresAt?.toISOString() ?? null },
      },
      tx,
    );
    return created;
  });
  return { token: toTokenDTO(row), secret };
}

/** The user's own tokens, newest first (revoked and expired ones included, marked by status). */
export async function listTokens(options: { user: Pick<CurrentUser, "id"> }): Promise<TokenDTO[]> {
  return (await findTokensOf(options.user.id)).map(toTokenDTO);
}

/** Revoke a token: one's own, or anyone's for an admin. Revoking twice is harmless. */
export async function revokeToken(options: { user: Pick<CurrentUser, "id" | "role">; id: string; ip?: string | null }): Promise<TokenDTO> {
  const { user } = options;
  const row = await peopleTransaction(async (tx) => {
    const token = await findToken(options.id, tx);
    // Someone else's token looks the same as a missing one to a non-admin.
    if (!token || (token.userId !== user.id && !isAdmin(user))) throw notFound("Token");
    if (token.revokedAt) return token;
    const updated = await revokeTokenRow(token.id, tx);
    await recordAudit(
      { type: "token_revoked", actorId: user.id, targetId: token.userId, ip: options.ip, detail: { tokenId: token.id, name: token.name, prefix: token.prefix } },
      tx,
    );
    return updated;
  });
  return toTokenDTO(row);
}
