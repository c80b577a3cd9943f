import { env } from "@/lib/env";
import { REMOTE_ADDRESS_HEADER } from "./remote-address";

/**
 * The caller's address, for sign-in throttling and the audit log.
 *
 * Without TRUST_PROXY: the address of the TCP connection (stamped by lib/http/remote-address.ts,
 * which overwrites any client-sent value). X-Forwarded-For is ignored: Next only fills it in when the
 * client did not send one, so its content is whatever the client chose.
 *
 * With TRUST_PROXY=1 (the app reachable only through one reverse proxy): the LAST X-Forwarded-For
 * entry. A proxy appends the address of the peer it accepted the connection from, so the last entry
 * is the one the trusted proxy wrote; earlier entries came from the client and can be forged. Without
 * the header, the socket address (the proxy's own).
 */
export function clientIp(headers: Headers, trustProxy: boolean = env.trustProxy): string {
  const socket = normalise(headers.get(REMOTE_ADDRESS_HEADER) ?? "") || "unknown";
  if (!trustProxy) return socket;
  const last = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ? normalise(last) : socket;
}

// An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; count it as a.b.c.d.
const normalise = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
