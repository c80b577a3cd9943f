// After `npm install <pkg>`: the registry this project installs from has no builds for other platforms, so
// npm leaves their optional entries out of package-lock.json and `npm ci` then refuses the lockfile.
// This adds those entries (platform-tagged, never fetched on Linux). Run: node scripts/fix-lockfile.mjs
import fs from "node:fs";
import { execSync } from "node:child_process";
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
let out = "";
try { execSync("npm ci --dry-run", { stdio: "pipe" }); } catch (e) { out = String(e.stderr); }
const missing = [...out.matchAll(/Missing: (\S+?)@ from lock file/g)].map((m) => m[1]);
for (const name of missing) {
  // find version from the parent that declares it as optional
  let version;
  for (const v of Object.values(lock.packages)) {
    const spec = v.optionalDependencies?.[name];
    if (spec) { version = spec.replace(/^[\^~]/, ""); break; }
  }
  const parts = name.split("/").pop().split("-");
  const os = ["darwin", "win32", "linux", "android", "freebsd", "openharmony"].find((o) => parts.includes(o));
  const cpu = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x"].find((c) => parts.includes(c));
  lock.packages[`node_modules/${name}`] = { version, cpu: cpu ? [cpu] : undefined, optional: true, os: os ? [os] : undefined };
  console.log(name, version, os, cpu);
}
fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
