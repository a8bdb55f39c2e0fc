import type { NextConfig } from "next";

// Internal workspace packages export TypeScript source, so Next transpiles them; native and Node-only
// dependencies stay outside the bundle.
const nextConfig: NextConfig = {
  transpilePackages: [
    "@gatehouse/db",
    "@gatehouse/env",
    "@gatehouse/mail",
    "@gatehouse/policy",
    "@gatehouse/catalog",
    "@gatehouse/upstream",
  ],
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pino",
    "express",
    "ioredis",
    "nodemailer",
    "rate-limiter-flexible",
  ],
  poweredByHeader: false,
  // The OAuth authorization server (DESIGN §10) is served by pages/api/oauth/[endpoint].ts.
  rewrites: async () => [
    { source: "/oauth/:endpoint(authorize|token|register|revoke)", destination: "/api/oauth/:endpoint" },
    { source: "/.well-known/oauth-authorization-server", destination: "/api/oauth/metadata" },
    { source: "/.well-known/openid-configuration", destination: "/api/oauth/metadata" },
  ],
  // No page of Gatehouse may be framed by another site (an approvals inbox in a hostile iframe is a click away
  // from approving a call), and browsers must not guess content types.
  headers: async () => [
    {
      source: "/:path*",
      headers: [
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "same-origin" },
      ],
    },
  ],
  // The workspace packages import their own files as "./x.js" (TypeScript ESM style). Turbopack in Next 16.4
  // cannot map that to "./x.ts" (vercel/next.js#82945), so the app builds with webpack and its extensionAlias.
  webpack: (config: { resolve: { extensionAlias?: Record<string, string[]> } }) => {
    config.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"], ".mjs": [".mts", ".mjs"] };
    return config;
  },
  typedRoutes: false,
};

export default nextConfig;
