// Where to go after sign-in (`/login?next=...`): only a path on this site. Shared by the sign-in page
// (its server redirect) and the sign-in form (its navigation after signing in).
//
// The value is parsed as a browser would resolve it, against a stand-in origin: browsers drop tabs and
// newlines and read "\" as "/", so "/\evil.example" and "/\t/evil.example" both mean
// "//evil.example", another site. Anything that does not stay on the stand-in origin is refused, and
// so is a result whose path would itself start with "//" (e.g. from "/.//evil.example").
const STAND_IN = "http://apparatus.invalid";

export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2048) return "/";
  let url: URL;
  try {
    url = new URL(next, STAND_IN);
  } catch {
    return "/";
  }
  if (url.origin !== STAND_IN || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
