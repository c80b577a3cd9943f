// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The native SQLite driver and the Prisma adapter load at run time from node_modules.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;
