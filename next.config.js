// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Answers are compressed by our server (scripts/server.mjs, scripts/lib/compression.mjs), per route: Next's
  // own compression is one gzip level for every answer.
  compress: false,
  reactStrictMode: true,
  // The native SQLite driver and the Prisma adapter load at run time from node_modules.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  typescript: { ignoreBuildErrors: false },
  // Turbopack keeps a build cache in .next that makes the next build after a change faster (npm start and
  // npm test rebuild when the sources change). A CI run builds once on a fresh clone: writing it there
  // costs ~12 s and nothing reads it.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI },
  // API responses do not pass through proxy.ts (it would buffer and cut off request bodies, see
  // there), so their security headers are set here. JSON and streamed exports need no script at all.
  async headers() {
    return [
      {
        source: "/api/:path*",
        headers: [
          { key: "content-security-policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "x-content-type-options", value: "nosniff" },
          { key: "x-frame-options", value: "DENY" },
          { key: "referrer-policy", value: "same-origin" },
          { key: "cross-origin-opener-policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
