// scripts/lib/serve.test.ts: npm start's primary (serveCluster) with two workers that are a small HTTP server.
import path from "node:path";
import { serveCluster } from "../serve.mjs";

serveCluster({ port: process.argv[2], count: 2, env: process.env, script: path.join(import.meta.dirname, "cluster-worker.mjs"), register: false });
