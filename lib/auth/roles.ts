// Roles and what each may do. Checked on the server for every request (see lib/http/api.ts and the services).
// admin: people and the corpus, moderates any annotation, may rule; editor: a reviewer who may also rule
// on others' annotations; reviewer: annotates, replies, gives verdicts; viewer: reads everything, writes nothing.
export const ROLES = ["admin", "editor", "reviewer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  sessionId?: string;
  tokenId?: string;
  /** A token's access: "read" allows GET and HEAD requests only. */
  tokenAccess?: "read" | "write";
}

/** What each role may do, in the words the account and admin pages show. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "manages people and the corpus, can moderate any annotation, and can rule on others' annotations",
  editor: "does everything a reviewer does, records rulings (a final class with a rationale) on others' annotations, and fixes their placements after a new version",
  reviewer: "reads, annotates, replies and gives verdicts; edits and deletes only their own work",
  viewer: "reads everything and writes nothing",
};

/** "an admin", "an editor", "a reviewer", "a viewer". */
export const roleWithArticle = (role: Role) => `${/^[aeiou]/.test(role) ? "an" : "a"} ${role}`;

export const canWrite = (user: Pick<CurrentUser, "role">) => user.role !== "viewer";
export const isAdmin = (user: Pick<CurrentUser, "role">) => user.role === "admin";
/** Editors and admins record rulings (never on their own annotations: checked by the rulings service). */
export const canRule = (user: Pick<CurrentUser, "role">) => user.role === "admin" || user.role === "editor";
/** Who fixes an annotation's placement after a new version (confirms, re-places, leaves orphaned): its
 * author, or an editor or an admin for anyone's (a desk's editors keep its annotations in place when
 * the author has moved on); never a viewer. */
export const canPlace = (user: Pick<CurrentUser, "id" | "role">, authorId: string) => canWrite(user) && (authorId === user.id || canRule(user));
export const asRole = (value: string): Role => (ROLES as readonly string[]).includes(value) ? (value as Role) : "viewer";
