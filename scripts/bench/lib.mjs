// Small shared helpers for the benchmark: statistics, formatting, process memory, sign-in, JSON over HTTP.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export { sleep };

// ---------------------------------------------------------------------------------------------
// Statistics

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => percentile(values, 50);
export const round = (x, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);

/** { median, p99, min, max, n } of a sample, rounded for the report. */
export function summarize(values, digits = 1) {
  return {
    n: values.length,
    median: round(median(values), digits),
    p99: round(percentile(values, 99), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
  };
}

/**
 * How much of one CPU core this process gets right now: a fixed amount of CPU work divided by the
 * wall time it took. About 1 on an idle machine; 0.3 means other processes took 70% of the time, and
 * every latency in the run is inflated accordingly. Recorded at the start and the end of a run.
 */
export function cpuShare(cpuMs = 300) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100_000; i++) x += Math.sqrt(i);
    const used = process.cpuUsage(c0);
    if ((used.user + used.system) / 1000 >= cpuMs) break;
  }
  return { share: round(cpuMs / (performance.now() - t0), 2), checksum: x > 0 };
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: the same seed gives the same annotations on every run, so runs compare.

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Memory of a process tree (a server may run parts of itself in children), from /proc.

function childrenOf(pid) {
  const kids = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // the command name may hold spaces and parentheses: the ppid is the 2nd field after the last ")"
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) kids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return kids;
}

export function processTree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]));
  return all;
}

/** Resident set size in bytes of one process (0 when it is gone). */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export const rssOfTree = (pids) => pids.reduce((sum, pid) => sum + rssOf(pid), 0);

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  // getconf missing: Linux's usual 100
}

/**
 * CPU time (user + system, ms) the processes have used so far, from /proc/<pid>/stat. The difference
 * over a figure, divided by the operations done, is the server's CPU cost per operation: unlike a
 * latency, it hardly changes when other processes compete for the cores.
 */
export function cpuMsOfTree(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}

/**
 * The kernel's own peak RSS (VmHWM) catches spikes between two samples. Writing "5" to clear_refs
 * resets it to the current RSS (Linux 4.0+); returns false where that is not allowed.
 */
export function resetPeakRss(pids) {
  try {
    for (const pid of pids) fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export function peakRssOfTree(pids) {
  return pids.reduce((sum, pid) => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      return sum + (m ? Number(m[1]) * 1024 : 0);
    } catch {
      return sum;
    }
  }, 0);
}

/** Samples the RSS of `pids` every `everyMs` until stop() is called; returns { baseline, peak, samples }. */
export function sampleRss(pids, everyMs = 10) {
  const kernelPeak = resetPeakRss(pids);
  const baseline = rssOfTree(pids);
  let peak = baseline;
  let samples = 1;
  const timer = setInterval(() => {
    const now = rssOfTree(pids);
    samples++;
    if (now > peak) peak = now;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const last = rssOfTree(pids);
      if (last > peak) peak = last;
      if (kernelPeak) peak = Math.max(peak, peakRssOfTree(pids));
      return { baseline, peak, growth: peak - baseline, samples: samples + 1, kernelPeak };
    },
  };
}

export const mb = (bytes) => round(bytes / 1024 / 1024, 1);

// ---------------------------------------------------------------------------------------------
// HTTP: signing in through next-auth's credentials endpoint, as the login form does.

function cookiesFrom(res) {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** Signs in and returns the Cookie header value carrying the session (apparatus.session). */
export async function signIn(baseUrl, email, password) {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const jar = cookiesFrom(csrfRes);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  const session = cookiesFrom(res).find((c) => c.startsWith("apparatus.session=") || c.startsWith("__Secure-apparatus.session="));
  if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  const me = await fetch(`${baseUrl}/api/me`, { headers: { cookie: session } });
  if (!me.ok) throw new Error(`sign-in as ${email}: /api/me answered ${me.status}`);
  return session;
}

/**
 * A GET that is retried once when the connection fails before any answer. The bench blocks its own
 * event loop for seconds while it bulk-inserts; meanwhile the server closes idle keep-alive sockets,
 * and the next request on such a socket fails with "other side closed" without reaching the server.
 */
export async function getWithRetry(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = error?.cause?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw error;
    return fetch(url, init);
  }
}

/** fetch + JSON, throwing with the body on a non-2xx answer. */
export async function api(baseUrl, path, { auth, method = "GET", json } = {}) {
  // A cookie-authenticated write must name its origin, as a browser does.
  const headers = { ...auth, ...(auth?.cookie ? { origin: new URL(baseUrl).origin } : {}) };
  if (json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

// ---------------------------------------------------------------------------------------------
// Report formatting

export const fmt = (x, unit = "", digits = 1) => {
  if (x === null || x === undefined || (typeof x === "number" && !Number.isFinite(x))) return "—";
  const n = typeof x === "number" ? x.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : String(x);
  return unit ? `${n} ${unit}` : n;
};

/** A plain-text table: rows of cells, the first row the header. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)));
  const line = (r) => r.map((c, i) => String(c ?? "").padEnd(widths[i])).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "─".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export function heading(title) {
  console.log(`\n━━ ${title} ${"━".repeat(Math.max(0, 76 - title.length))}`);
}
