// The web app's environment (STYLE rule 1): parsed once by env-schema.ts; nothing else reads process.env.
// instrumentation.ts has already stopped a server with a bad environment before any of this code runs.
import { parseWebEnv, type TEnv } from "./env-schema";

export type { TEnv };

// During `next build` the server code is imported to collect page data without a runtime environment; stand-ins
// keep the build working, and the running server validates the real values.
const isBuild = process.env.NEXT_PHASE === "phase-production-build";
const buildDefaults: Record<string, string> = isBuild
  ? {
      DATABASE_URL: "postgres://build:build@127.0.0.1:1/build",
      AUTH_SECRET: "build-time-secret-not-used-at-runtime",
      GATEHOUSE_SECRET_KEY: Buffer.alloc(32).toString("base64"),
    }
  : {};

function loadEnv(): TEnv {
  const parsed = parseWebEnv({ ...buildDefaults, ...process.env });
  if (!parsed.ok) throw new Error(`Invalid environment for @gatehouse/web: ${parsed.problems.join("; ")}`);
  return parsed.env;
}

export const env: TEnv = loadEnv();
