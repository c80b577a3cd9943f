import "server-only";
// People: accounts, roles and activation. Authorization of who may call these lives in the callers' routes.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";

export async function createUser(options: { email: string; name: string; role: Role; password: string }) {
  const problem = passwordProblem(options.password);
  if (problem) throw new AppError("UNPROCESSABLE", problem);
  const email = options.email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("CONFLICT", `A user with the email ${email} already exists.`);
  }
  return db.user.create({
    data: { email, name: options.name.trim(), role: options.role, passwordHash: await hashPassword(options.password) },
  });
}
