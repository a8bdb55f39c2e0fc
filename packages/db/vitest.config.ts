import { defineConfig } from "vitest/config";

// Each test file starts its own database (PGlite takes a few seconds on a busy 2-core machine).
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
