// GET /api/health — no sign-in: 200 { status: "ok" } when this server process's database answers, else 503
// UNAVAILABLE with Retry-After (PostgreSQL restarting or stopped). For load balancers, monitors and the error page.
import { NextResponse } from "next/server";
import { errorResponse, otherMethods, toAppError } from "@/lib/http/api";
import { checkHealth } from "@/lib/health/service";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return NextResponse.json(await checkHealth(), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const appError = toAppError(error);
    if (appError) return errorResponse(appError);
    console.error("Health check failed:", error);
    return NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong on the server." } }, { status: 500 });
  }
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
