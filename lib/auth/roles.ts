// Roles and what each may do. Checked on the server for every request (see lib/http/api.ts and the services).
export const ROLES = ["admin", "reviewer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  sessionId?: string;
  tokenId?: string;
}

export const canWrite = (user: Pick<CurrentUser, "role">) => user.role === "admin" || user.role === "reviewer";
export const isAdmin = (user: Pick<CurrentUser, "role">) => user.role === "admin";
export const asRole = (value: string): Role => (ROLES as readonly string[]).includes(value) ? (value as Role) : "viewer";
