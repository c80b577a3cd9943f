import type { Role } from "@/lib/auth/roles";

/** Who is looking at the annotations: what they may do with each (edit, delete, reply, rule) follows from it. */
export interface ListViewer {
  id: string;
  role: Role;
}
