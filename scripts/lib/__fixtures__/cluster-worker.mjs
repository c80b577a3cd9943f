// A worker for scripts/lib/serve.test.ts: answers every request with its pid, taking its connections as
// scripts/server.mjs does.
import http from "node:http";
import * as serve from "../serve.mjs";

// GET /no-delay: whether the connection has TCP_NODELAY, as node:net records it (an internal symbol: if Node
// renames it, this answers "undefined" and the test says so). Everything else: the pid.
const noDelayOf = (socket) => socket[Object.getOwnPropertySymbols(socket).find((s) => s.description === "kSetNoDelay")];
const server = http.createServer((req, res) => res.end(req.url === "/no-delay" ? String(noDelayOf(req.socket)) : String(process.pid)));
if (serve.takeConnectionsFromPrimary) serve.takeConnectionsFromPrimary(server);
else server.listen(Number(process.env.PORT)); // node:cluster's own sharing of the port, before it was replaced
