// Pages only some roles may open, and what the library says to anyone else. requirePageUser (session.ts)
// checks these roles on the server and sends the others to `/?denied=<page>`; the library reads that
// parameter (only these names) to say why they are there instead. The role lists are the pages' only check.
import { z } from "zod";
import { roleWithArticle, type Role } from "./roles";

export const GUARDED_PAGES = {
  users: { roles: ["admin"], refusal: "Only admins can open Users" },
  audit: { roles: ["admin"], refusal: "Only admins can open the audit log" },
  deleted: { roles: ["admin"], refusal: "Only admins can open Deleted annotations" },
  import: { roles: ["admin"], refusal: "Only admins can import" },
  disputes: { roles: ["admin", "editor"], refusal: "Only admins and editors can open Open disputes" },
  "add-document": { roles: ["admin", "editor", "reviewer"], refusal: "Only admins, editors and reviewers can add documents" },
  "edit-document": { roles: ["admin"], refusal: "Only admins can edit a document's details" },
} as const satisfies Record<string, { roles: readonly Role[]; refusal: string }>;

export type GuardedPage = keyof typeof GUARDED_PAGES;

const guardedPageSchema = z.enum(Object.keys(GUARDED_PAGES) as [GuardedPage, ...GuardedPage[]]);

export const mayOpen = (page: GuardedPage, role: Role): boolean => (GUARDED_PAGES[page].roles as readonly Role[]).includes(role);

/** Where someone who may not open `page` is sent: the library, which says why. */
export const deniedHref = (page: GuardedPage) => `/?denied=${encodeURIComponent(page)}`;

/** The library's notice for `?denied=`: null for anything but a guarded page's name. */
export function deniedNotice(value: unknown, role: Role): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  const parsed = guardedPageSchema.safeParse(first);
  if (!parsed.success) return null;
  return `${GUARDED_PAGES[parsed.data].refusal}; you are signed in as ${roleWithArticle(role)}, so you were brought to the Library.`;
}
