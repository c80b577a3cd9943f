// The socket address of every request, stamped into a header of our own before Next sees the request.
//
// Next's server does not expose the socket to route handlers (NextRequest has no `ip` since Next 15),
// and the only place it copies the address is `X-Forwarded-For`, and only when the client did not
// send one: a client choosing its own address could reset per-address limits and write any address
// into the audit log. So `instrumentation.ts` installs this hook at start-up: every HTTP request gets
// REMOTE_ADDRESS_HEADER set to its socket's address, overwriting whatever the client sent under that
// name. lib/http/client-ip.ts reads it.
import { aroundRequests } from "./request-hooks";

export const REMOTE_ADDRESS_HEADER = "x-apparatus-remote-address";

export function stampRemoteAddresses(): void {
  aroundRequests("remoteAddressStamp", (req, _res, handle) => {
    req.headers[REMOTE_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
    return handle();
  });
}
