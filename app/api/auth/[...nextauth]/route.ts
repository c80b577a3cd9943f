// /api/auth/* — next-auth (credentials sign-in, sign-out, CSRF), with sign-in throttling in front.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { throttledFor } from "@/lib/auth/throttle";
import { clientIp } from "@/lib/http/client-ip";
import { recordAudit } from "@/lib/audit/service";
import { errorResponse } from "@/lib/http/api";
import { AppError } from "@/lib/errors";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req.clone().formData().catch(() => null);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    const ip = clientIp(req.headers);
    const wait = throttledFor(email, ip);
    if (wait > 0) {
      await recordAudit({ type: "sign_in_throttled", ip, detail: { email } });
      const res = errorResponse(
        new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`),
      );
      res.headers.set("retry-after", String(wait));
      return res;
    }
  }
  return handler(req, ctx);
}

export { handler as GET, POST };
