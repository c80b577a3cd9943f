import { env } from "@/lib/env";

// The caller's address: behind a trusted proxy the first X-Forwarded-For entry, otherwise the last one
// (the entry Next's own server adds for the socket it accepted).
export function clientIp(headers: Headers): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const ip = env.trustProxy ? forwarded[0] : forwarded.at(-1);
  return ip ?? headers.get("x-real-ip") ?? "unknown";
}
