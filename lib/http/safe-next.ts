// Where sign-in may send the browser afterwards: a path on this site, never another origin. Parsing
// with the URL parser (not string prefixes), as a browser resolves it (tabs and newlines dropped, "\"
// read as "/"), also catches "//host", "/\host", "/\t/host" and the like, which browsers read as
// another site. Pure: used by the sign-in page and the server.
const BASE = "http://apparatus.invalid";
const MAX_LENGTH = 2048;

/** `next` as a same-origin path (with its query and fragment), or `fallback` when it is anything else. */
export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > MAX_LENGTH) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  // A dot segment can leave a path starting with "//" ("/.//evil.example"), which a browser would
  // take for another host.
  if (url.origin !== BASE || url.pathname.startsWith("//")) return fallback;
  // Back to the sign-in page would only loop.
  if (url.pathname === "/login") return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
