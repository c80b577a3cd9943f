// GET /api/health — no sign-in: 200 { status: "ok" } when this server process's database answers, else 503
// UNAVAILABLE (PostgreSQL restarting or stopped, Retry-After: 5) or BUSY (every pooled connection in use,
// Retry-After: 1). For load balancers, monitors and the error page.
import { NextResponse } from "next/server";
import { answerToError, otherMethods } from "@/lib/http/api";
import { checkHealth } from "@/lib/health/service";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return NextResponse.json(await checkHealth(), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return answerToError(error, "Health check failed:");
  }
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
