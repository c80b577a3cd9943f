// Figure 3, export: the whole corpus downloaded from GET /api/export in each format, with the server
// process's resident memory sampled during the download (a streamed export should barely grow it),
// then the file parsed as JSON and its annotations counted. Each format is downloaded as a browser asks for it
// (Chromium's Accept-Encoding: the server answers with brotli) and as a client that takes gzip only (Node's
// fetch); the target is a browser's download, the gzip one is reported beside it.
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { cpuMsOfTree, getWithRetry, mb, processTree, round, sampleRss } from "./lib.mjs";

/** Who downloads: the Accept-Encoding each sends. */
export const EXPORT_CLIENTS = {
  browser: "gzip, deflate, br, zstd", // Chromium's
  "gzip only": "gzip, deflate", // Node's fetch, curl --compressed without brotli
};

export async function downloadExport({ baseUrl, cookie, format, client, outFile, serverPid }) {
  const pids = processTree(serverPid);
  const sampler = sampleRss(pids, 10);
  const cpu0 = cpuMsOfTree(pids);
  const t0 = performance.now();
  const res = await getWithRetry(`${baseUrl}/api/export?format=${format}`, { headers: { cookie, "accept-encoding": EXPORT_CLIENTS[client] } });
  const firstByteMs = performance.now() - t0;
  if (res.status !== 200) throw new Error(`export ${format}: HTTP ${res.status} ${await res.text()}`);
  await pipeline(Readable.fromWeb(res.body), fs.createWriteStream(outFile));
  const ms = performance.now() - t0;
  const memory = sampler.stop();
  const serverCpuMs = cpuMsOfTree(pids) - cpu0;

  // Check: the whole file is one valid JSON value, with the annotations we put in.
  const t1 = performance.now();
  const json = JSON.parse(fs.readFileSync(outFile, "utf8"));
  const parseMs = performance.now() - t1;
  const counts = format === "native" ? countNative(json) : countW3c(json);
  return {
    format,
    client,
    encoding: res.headers.get("content-encoding") ?? "identity",
    ms: Math.round(ms),
    firstByteMs: Math.round(firstByteMs),
    bytes: fs.statSync(outFile).size,
    mb: mb(fs.statSync(outFile).size),
    ...counts,
    annotationsPerSecond: Math.round((counts.annotations / ms) * 1000),
    serverCpuMs: Math.round(serverCpuMs),
    // annotations per second of server CPU: the rate on an otherwise idle core
    annotationsPerCpuSecond: serverCpuMs > 0 ? Math.round((counts.annotations / serverCpuMs) * 1000) : null,
    rssBaselineMb: mb(memory.baseline),
    rssPeakMb: mb(memory.peak),
    rssGrowthMb: mb(memory.growth),
    rssSamples: memory.samples,
    kernelPeak: memory.kernelPeak,
    validJson: true,
    parseMs: round(parseMs, 0),
  };
}

function countNative(json) {
  if (json.format !== "apparatus.export") throw new Error("native export: wrong format marker");
  let annotations = 0;
  let replies = 0;
  let verdicts = 0;
  for (const d of json.documents) {
    annotations += d.annotations.length;
    for (const a of d.annotations) {
      replies += a.replies.length;
      verdicts += a.verdicts.length;
    }
  }
  return { documents: json.documents.length, annotations, replies, verdicts };
}

function countW3c(json) {
  if (json.type !== "AnnotationCollection") throw new Error("W3C export: not an AnnotationCollection");
  const pages = [json.first, ...(json["@included"] ?? [])].filter(Boolean);
  const items = pages.flatMap((p) => p.items);
  if (items.length !== json.total) throw new Error(`W3C export: ${items.length} items, but total says ${json.total}`);
  // Replies answer another annotation (motivation "replying"); verdicts assess one ("assessing").
  const motivationOf = (i) => [].concat(i.motivation ?? []);
  const replies = items.filter((i) => motivationOf(i).includes("replying")).length;
  const verdicts = items.filter((i) => motivationOf(i).includes("assessing")).length;
  return { pages: pages.length, items: items.length, annotations: items.length - replies - verdicts, replies, verdicts };
}
