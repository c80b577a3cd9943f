import "server-only";
// next-auth configuration: email + password credentials, JWT cookie that names a Session row.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { findUserForSignIn } from "@/lib/users/store";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/service";
import { createSession, endSession, SESSION_COOKIE } from "./session";
import { dummyHash, verifyPassword } from "./password";
import { clearFailures, recordFailure } from "./throttle";
import { clientIp } from "@/lib/http/client-ip";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(1000) });

export const authOptions: NextAuthOptions = {
  secret: env.authSecret,
  session: { strategy: "jwt", maxAge: env.sessionMaxAgeSeconds },
  jwt: { maxAge: env.sessionMaxAgeSeconds },
  pages: { signIn: "/login", error: "/login" },
  useSecureCookies: env.secureCookies,
  cookies: {
    sessionToken: {
      name: SESSION_COOKIE,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: env.secureCookies },
    },
  },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(new Headers(req?.headers as Record<string, string> | undefined));
        const user = await findUserForSignIn(email);
        // Always run the KDF, so the answer time does not tell whether the email exists.
        const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
        if (!user || !ok || !user.active) {
          recordFailure(email, ip);
          await recordAudit({
            type: "sign_in_failed",
            targetId: user?.id,
            ip,
            detail: { email, reason: !user ? "unknown_email" : !ok ? "wrong_password" : "inactive" },
          });
          return null;
        }
        clearFailures(email);
        await recordAudit({ type: "sign_in", actorId: user.id, targetId: user.id, ip });
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.sid = await createSession(user.id);
      return token;
    },
    async session({ session, token }) {
      return { ...session, sid: token.sid };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string") {
        await endSession(token.sid);
        await recordAudit({ type: "sign_out", actorId: token.sub ?? null, targetId: token.sub ?? null });
      }
    },
  },
};
