// Figure 6, live updates: many open event streams on one document, annotations created through the
// API at a steady pace, and for each create the time until its event arrives on every stream.
import { apiBody } from "./creates.mjs";
import { cpuMsOfTree, round, rssOfTree, sleep, summarize } from "./lib.mjs";

/** Opens one SSE stream; calls onEvent(type, data, receivedAt) per event. Resolves when it is "ready". */
async function openStream(url, headers, signal, onEvent) {
  const res = await fetch(url, { headers: { ...headers, accept: "text/event-stream" }, signal });
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ready;
  const isReady = new Promise((resolve) => (ready = resolve));
  (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const receivedAt = performance.now(); // stamped when the bytes arrive, before any parsing
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let type = "message";
          const data = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) type = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
          }
          if (type === "ready") ready();
          else if (data.length) onEvent(JSON.parse(data.join("\n")), receivedAt);
        }
      }
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    }
  })();
  return isReady;
}

/**
 * With `serverPids` (the server's process tree) it also reports the server's CPU per create with its
 * deliveries, over the timed creates (which, unlike the latencies, hardly moves when other processes
 * compete for the cores), and roughly its resident memory per open stream.
 */
export async function liveLatency({ baseUrl, documentId, streamCookies, createToken, streams, creates, spacingMs, inputs, serverPids }) {
  const controller = new AbortController();
  const key = (a) => `${a.start}:${a.end}`;
  const arrivals = Array.from({ length: streams }, () => new Map()); // per stream: span key -> time
  const url = `${baseUrl}/api/documents/${documentId}/events`;
  // Distinct spans, so every event names exactly one create.
  // One more first, untimed: the server's first create (code paths loaded, statements prepared) took
  // ~150 ms, which `--only live` (no creates figure before it) counted in the p99.
  const chosen = [];
  const seen = new Set();
  let warmUp = null;
  for (const input of inputs) {
    if (chosen.length === creates) break;
    if (seen.has(key(input))) continue;
    seen.add(key(input));
    if (warmUp) chosen.push(input);
    else warmUp = input;
  }
  const create = async (input) => {
    const res = await fetch(`${baseUrl}/api/documents/${documentId}/annotations`, {
      method: "POST",
      headers: { authorization: `Bearer ${createToken}`, "content-type": "application/json" },
      body: apiBody(input),
    });
    await res.text();
    if (res.status !== 201) throw new Error(`create: HTTP ${res.status}`);
  };
  if (warmUp) await create(warmUp);
  const rss0 = serverPids ? rssOfTree(serverPids) : 0;
  const tOpen = performance.now();
  await Promise.all(
    // Spread over several accounts: the server caps the streams one user may hold open.
    arrivals.map((got, i) =>
      openStream(url, { cookie: streamCookies[i % streamCookies.length] }, controller.signal, (msg, at) => {
        if (msg.type === "annotation.created") got.set(key(msg.payload.annotation), at);
      }),
    ),
  );
  const openMs = performance.now() - tOpen;
  await sleep(500); // let the burst of presence events from 50 joins pass
  const rssPerStream = serverPids ? (rssOfTree(serverPids) - rss0) / streams : null;
  const cpu0 = serverPids ? cpuMsOfTree(serverPids) : 0;

  const sentAt = new Map();
  const responseMs = [];
  const pending = chosen.map(
    (input, k) =>
      new Promise((resolve, reject) =>
        setTimeout(async () => {
          try {
            const t = performance.now();
            sentAt.set(key(input), t);
            await create(input);
            responseMs.push(performance.now() - t);
            resolve();
          } catch (error) {
            reject(error);
          }
        }, k * spacingMs),
      ),
  );
  await Promise.all(pending);
  // Wait (up to 10 s) for the last events to reach every stream.
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && arrivals.some((got) => got.size < chosen.length)) await sleep(20);
  const serverCpuMsPerCreate = serverPids ? round((cpuMsOfTree(serverPids) - cpu0) / chosen.length, 2) : null;
  controller.abort();

  const latencies = [];
  let lost = 0;
  for (const got of arrivals) {
    for (const input of chosen) {
      const at = got.get(key(input));
      if (at === undefined) lost++;
      else latencies.push(at - sentAt.get(key(input)));
    }
  }
  const s = summarize(latencies);
  return {
    streams,
    creates: chosen.length,
    spacingMs,
    deliveries: latencies.length,
    lost,
    p50: s.median,
    p99: s.p99,
    max: s.max,
    createResponse: summarize(responseMs),
    openAllStreamsMs: Math.round(openMs),
    serverCpuMsPerCreate,
    serverKbPerStream: rssPerStream === null ? null : Math.round(rssPerStream / 1024),
  };
}
