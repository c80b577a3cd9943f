// Figure 2, creating annotations: through the HTTP API under load (autocannon), and the same creates
// in one process through the app's service (Prisma) and as raw better-sqlite3 statements, so the
// ratios show where the time of an HTTP create goes.
import autocannon from "autocannon";
import { note, openDb, rawCreator, SpanMaker } from "./data.mjs";
import { cpuMsOfTree, round, summarize } from "./lib.mjs";

/** Valid create bodies over `text` (code point offsets, exact quote), each with a note and one citation. */
export function createInputs(text, count, seed) {
  const spans = new SpanMaker(text, seed);
  const classes = ["sourced", "contested", "opinion"];
  return Array.from({ length: count }, (_, i) => {
    const { start, end, quote, prefix, suffix } = spans.next();
    return {
      start,
      end,
      quote,
      prefix, // the API computes these itself (a strict schema refuses them); only the raw path uses them
      suffix,
      classification: classes[i % 3],
      note: note(`Benchmark claim ${i}: compare with the sources named in the footnotes.`),
      evidence: [{ citation: `Deutscher, The Prophet Armed, p. ${1 + (i % 400)}` }],
    };
  });
}

export const apiBody = ({ start, end, quote, classification, note, evidence }) => JSON.stringify({ start, end, quote, classification, note, evidence });

/** One autocannon run: `connections` clients POSTing creates back to back for `duration` seconds. */
export async function httpCreates({ baseUrl, documentId, token, connections, duration, inputs, serverPids }) {
  const bodies = inputs.map(apiBody);
  let next = 0;
  const cpu0 = cpuMsOfTree(serverPids);
  const result = await autocannon({
    url: `${baseUrl}/api/documents/${documentId}/annotations`,
    connections,
    duration,
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    // A different valid span for every request, so each create does the full validation and insert.
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
  });
  const ok = result["2xx"];
  const answered = ok + result.non2xx;
  return {
    connections,
    durationS: round(result.duration, 2),
    creates: ok,
    throughput: round(ok / result.duration, 0), // completed 2xx creates per second
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // The server's CPU per answered request; 1000 / this is what one Node thread could serve at most.
    serverCpuMs: answered ? round((cpuMsOfTree(serverPids) - cpu0) / answered, 2) : null,
  };
}

/** The raw better-sqlite3 path: one transaction per create, one after another, like createAnnotation (`synchronous`: the app's unless given). */
export function rawCreates({ dbFile, documentId, authorId, inputs, synchronous }) {
  const db = openDb(dbFile, synchronous);
  const create = rawCreator(db);
  create(documentId, authorId, inputs[0]); // warm-up
  const latencies = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const input of inputs.slice(1)) {
    const t = performance.now();
    create(documentId, authorId, input);
    latencies.push(performance.now() - t);
  }
  const totalMs = performance.now() - t0;
  const used = process.cpuUsage(c0);
  db.close();
  return sequentialResult(latencies, totalMs, (used.user + used.system) / 1000);
}

/** Throughput and latencies of creates done one after another; cpuMs is the CPU they used in total. */
export function sequentialResult(latencies, totalMs, cpuMs) {
  const s = summarize(latencies, 3);
  return {
    creates: latencies.length,
    throughput: round((latencies.length / totalMs) * 1000, 0),
    p50: s.median,
    p99: s.p99,
    max: s.max,
    cpuMs: round(cpuMs / latencies.length, 3),
  };
}
