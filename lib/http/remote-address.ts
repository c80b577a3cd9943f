// The socket address of every request, stamped into a header of our own before Next sees the request.
//
// Next's server does not expose the socket to route handlers (NextRequest has no `ip` since Next 15),
// and the only place it copies the address is `X-Forwarded-For`, and only when the client did not
// send one: a client choosing its own address could reset per-address limits and write any address
// into the audit log. So `instrumentation.ts` installs this hook at start-up: every HTTP request gets
// REMOTE_ADDRESS_HEADER set to its socket's address, overwriting whatever the client sent under that
// name. lib/http/client-ip.ts reads it.
import http from "node:http";
import https from "node:https";

export const REMOTE_ADDRESS_HEADER = "x-apparatus-remote-address";

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
const marker = Symbol.for("apparatus.remoteAddressStamp");

export function stampRemoteAddresses(): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as Array<{ emit: Emit; [marker]?: true }>) {
    if (proto[marker]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        req.headers[REMOTE_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
      }
      return emit.call(this, event, ...args);
    };
    proto[marker] = true;
  }
}
