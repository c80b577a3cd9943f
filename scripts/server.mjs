#!/usr/bin/env node
// One server process: the production build's request handler (Next's public custom-server API) behind a
// plain Node HTTP server that compresses answers per route (scripts/lib/compression.mjs). npm start runs
// WORKERS of these (scripts/lib/serve.mjs); the bench runs one. PORT (default 3000); the database and the
// rest come from the environment, as for the app. SIGTERM/SIGINT close the port, then end the process.
import cluster from "node:cluster";
import http from "node:http";
import { compress } from "./lib/compression.mjs";
import { root } from "./lib/steps.mjs";
import { takeConnectionsFromPrimary } from "./lib/serve.mjs";

/** A long keep-alive: clients reusing a connection (API scripts, proxies) must not race the server closing it. */
const KEEP_ALIVE_MS = 75_000;

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number (got "${process.env.PORT}").`);
  process.exit(2);
}
// Before Next and React load: they pick their production builds from it.
process.env.NODE_ENV = "production";
const { default: next } = await import("next");

const app = next({ dev: false, dir: root, port });
const handle = app.getRequestHandler();
await app.prepare();

let stopping = false;
const server = http.createServer((req, res) => {
  compress(req, res, () => {
    handle(req, res).catch((error) => {
      console.error(`Failed to handle ${req.method} ${req.url}:`, error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
});
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.on("error", (error) => {
  console.error(`Apparatus: cannot serve on port ${port}: ${error.message}`);
  process.exit(1);
});
if (cluster.isWorker) {
  // A worker of npm start (scripts/lib/serve.mjs): the primary listens on the port and hands this process
  // its connections, unread; it says when it can take them.
  takeConnectionsFromPrimary(server, () => stopping);
  console.log(`Apparatus: serving on port ${port} (pid ${process.pid})`);
} else {
  server.listen(port, () => console.log(`Apparatus: serving on port ${port} (pid ${process.pid})`));
}

const stop = (code) => {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
  void app.close().finally(() => process.exit(code));
  setTimeout(() => process.exit(code), 5_000).unref();
};
process.on("SIGTERM", () => stop(143));
process.on("SIGINT", () => stop(130));
