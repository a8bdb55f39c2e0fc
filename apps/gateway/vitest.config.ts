import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own database, upstreams and gateway; two at a time suits a 2-core machine.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
