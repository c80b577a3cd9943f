// What the users API and the admin page see of an account (never the password hash).
import type { Role } from "@/lib/auth/roles";

export interface UserDTO {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  /** False for an account an import made (an export holds no passwords): set one before it can be activated. */
  hasPassword: boolean;
  createdAt: string;
}
