// Which servers are serving this folder's build (.next), so that nothing replaces the build under one.
// `next build` rewrites .next in place: a server started from it then answers 500s (a missing
// prerender-manifest.json) until restarted. Two servers of one folder on different ports (one on SQLite,
// one on PostgreSQL) share its build, so the second npm start must not rebuild while the first runs.
// Each serving primary (npm start, the e2e server) leaves a file .data/serving/<pid>.json while it lives.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

const folder = (dir) => path.join(dir, ".data", "serving");

/** Note that this process serves the build on `port`, until it exits. */
export function registerServing(port, dir = root) {
  const file = path.join(folder(dir), `${process.pid}.json`);
  fs.mkdirSync(folder(dir), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, port: String(port), script: process.argv[1] ?? "", since: new Date().toISOString() }));
  process.on("exit", () => fs.rmSync(file, { force: true }));
}

/**
 * Whether the process that left the entry still runs: the pid is alive and, where /proc tells, still runs
 * the script that wrote it (a primary killed outright leaves its file, and its pid may be reused by
 * another program, which must not be named as a server to stop).
 */
function alive(entry) {
  try {
    process.kill(entry.pid, 0);
  } catch (error) {
    if (error.code !== "EPERM") return false; // EPERM: someone else's process, alive
  }
  let cmdline;
  try {
    cmdline = fs.readFileSync(`/proc/${entry.pid}/cmdline`, "utf8");
  } catch {
    return true; // no /proc here: the pid is all there is to go by
  }
  // by the script's name: the command line has it as typed (npm start: "scripts/start.mjs"), argv[1] resolved
  return typeof entry.script === "string" && entry.script !== "" && cmdline.split("\0").some((arg) => path.basename(arg) === path.basename(entry.script));
}

/** The servers still running from this folder's build (files of ended ones are removed). */
export function liveServers(dir = root) {
  let names = [];
  try {
    names = fs.readdirSync(folder(dir)).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const live = [];
  for (const name of names) {
    const file = path.join(folder(dir), name);
    let entry = null;
    try {
      entry = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      entry = null;
    }
    if (entry && Number.isInteger(entry.pid) && entry.pid !== process.pid && alive(entry)) live.push({ pid: entry.pid, port: String(entry.port) });
    else if (!entry || entry.pid !== process.pid) fs.rmSync(file, { force: true });
  }
  return live;
}

/** Stop (exit 1, nothing changed) when the build is out of date and a server of this folder is using it. */
export function assertBuildReplaceable(current, dir = root) {
  if (current) return;
  const live = liveServers(dir);
  if (live.length === 0) return;
  const which = live.map((s) => `pid ${s.pid} on port ${s.port}`).join(", ");
  console.error(
    `Apparatus: this folder's build is out of date, and Apparatus is serving it (${which}). Rebuilding now would ` +
      `replace the build under ${live.length === 1 ? "that server" : "those servers"}, which would answer errors until restarted. ` +
      `Stop ${live.length === 1 ? "it" : "them"} first (Ctrl-C where ${live.length === 1 ? "it runs" : "they run"}, or kill ${live.map((s) => s.pid).join(" ")}), then run this again. Nothing was changed.`,
  );
  process.exit(1);
}
