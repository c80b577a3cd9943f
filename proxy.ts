// Security headers for every page, and a per-request CSP nonce: Next applies the nonce to its own
// scripts, so no inline script runs without it. Authorization is NOT done here; every page and route
// checks the session itself on the server.
//
// API routes do not pass through here (see `config`): Next reads the whole body of every request the
// proxy runs for before the route sees it, and cuts it off at 10 MB. That would defeat the routes'
// own streaming size limits (1 MB JSON, 200 MB imports, lib/http/api.ts readBody). Their security
// headers come from next.config.js instead. Only an API path containing a percent escape comes here,
// to be checked: one that cannot be decoded would otherwise get a bare 500 from Next.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!hasValidEscapes(pathname)) return badAddress(pathname);
  if (pathname.startsWith("/api/")) return NextResponse.next();

  const nonce = btoa(crypto.randomUUID());
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Inline style attributes (toolbar position, editor) are allowed; scripts are what matter.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // The page asked for, so a layout that sends a signed-out visitor to sign-in can come back to it
  // (REQUEST_PATH_HEADER in lib/auth/session.ts). Set here, so a client cannot supply its own.
  const search = new URLSearchParams(request.nextUrl.search);
  search.delete("_rsc");
  headers.set("x-apparatus-path", `${pathname}${search.size ? `?${search}` : ""}`);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  setSecurityHeaders(response);
  return response;
}

function setSecurityHeaders(response: NextResponse) {
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("x-frame-options", "DENY");
  response.headers.set("referrer-policy", "same-origin");
  response.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  response.headers.set("cross-origin-opener-policy", "same-origin");
}

function hasValidEscapes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** A path with a broken percent escape (/api/annotations/%E0%A4%A) is bad input: 400, JSON for the API. */
function badAddress(pathname: string): NextResponse {
  const message = "The address contains an invalid percent-encoded character.";
  const response = pathname.startsWith("/api/")
    ? NextResponse.json({ error: { code: "INVALID_INPUT", message } }, { status: 400, headers: { "cache-control": "no-store" } })
    : new NextResponse(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  response.headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
  setSecurityHeaders(response);
  return response;
}

export const config = {
  matcher: [
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" },
    // API paths only when they contain a percent escape (ids never do), to refuse undecodable ones.
    { source: "/api/(.*%.*)" },
  ],
};
