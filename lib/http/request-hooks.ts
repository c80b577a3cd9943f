// A hook around every HTTP request of this process, before Next sees it: Next does not hand the app the
// socket (remote-address.ts) or the answer's status line (outage-status.ts). `instrumentation.ts` installs
// them at start-up; each patches the servers' `emit` for "request" once, however often it is installed.
import http from "node:http";
import https from "node:https";

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
/** Runs around the request's handling: `handle()` hands it on to Next (and returns what `emit` returns). */
export type AroundRequest = (req: http.IncomingMessage, res: http.ServerResponse, handle: () => boolean) => boolean;

export function aroundRequests(name: string, around: AroundRequest): void {
  const marker = Symbol.for(`apparatus.${name}`);
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as Array<{ emit: Emit } & { [key: symbol]: true | undefined }>) {
    if (proto[marker]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== "request") return emit.call(this, event, ...args);
      return around(args[0] as http.IncomingMessage, args[1] as http.ServerResponse, () => emit.call(this, event, ...args));
    };
    proto[marker] = true;
  }
}
