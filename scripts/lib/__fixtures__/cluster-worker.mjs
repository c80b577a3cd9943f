// A worker for scripts/lib/serve.test.ts: answers every request with its pid, taking its connections as
// scripts/server.mjs does.
import http from "node:http";
import * as serve from "../serve.mjs";

const server = http.createServer((req, res) => res.end(String(process.pid)));
if (serve.takeConnectionsFromPrimary) serve.takeConnectionsFromPrimary(server);
else server.listen(Number(process.env.PORT)); // node:cluster's own sharing of the port, before it was replaced
