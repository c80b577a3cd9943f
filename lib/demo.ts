import "server-only";
// Demo mode: what `npm start` seeds into an empty database (see seeds/demo.ts). The demo accounts exist
// only in demo mode, and the sign-in page lists them there.
import { readSetting } from "@/lib/settings/store";
import type { Role } from "@/lib/auth/roles";

export const DEMO_PASSWORD = "apparatus-demo";
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: "admin@demo.apparatus", name: "Ada Admin", role: "admin" },
  { email: "rosa@demo.apparatus", name: "Rosa Reviewer", role: "reviewer" },
  { email: "victor@demo.apparatus", name: "Victor Reviewer", role: "reviewer" },
  { email: "edith@demo.apparatus", name: "Edith Editor", role: "editor" },
];

export async function isDemoMode(): Promise<boolean> {
  return (await readSetting("demo")) === "true";
}
