// Each app validates its environment when it starts (the commands the containers run, built by the test
// command first) and stops with exit code 1 and one line per problem, naming the variable; nothing starts serving.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort } from "../lib/processes.js";
import { ROOT } from "../lib/root.js";

const execFileAsync = promisify(execFile);

async function runToExit(args: string[], cwd: string, env: Record<string, string>) {
  try {
    await execFileAsync(process.execPath, args, {
      cwd,
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
    });
    return { code: 0, problems: [] as string[] };
  } catch (error: unknown) {
    const failure = error as { code?: number; stderr?: string };
    const lines = (failure.stderr ?? "").trim().split("\n");
    return {
      code: failure.code,
      problems: lines.filter((line) => /^(dashboard|gateway): /.test(line)),
      lines,
    };
  }
}

describe("the apps refuse a bad environment at start-up", () => {
  it("the dashboard (next start) names each bad variable and exits 1", async () => {
    const port = String(await freePort());
    const result = await runToExit(
      [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", port],
      join(ROOT, "apps/web"),
      { DATABASE_URL: "mysql://nope", GATEHOUSE_SECRET_KEY: "short", PORT: port },
    );
    expect(result.code).toBe(1);
    expect(result.problems).toEqual([
      "dashboard: DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgresql://user:pass@host:5432/gatehouse",
      "dashboard: AUTH_SECRET is required",
      "dashboard: GATEHOUSE_SECRET_KEY must be 32 bytes, as 64 hex characters or base64",
    ]);
  });

  it("the gateway names each bad variable and exits 1", async () => {
    const result = await runToExit([join(ROOT, "apps/gateway/dist/main.js")], ROOT, {
      GATEWAY_PORT: "not-a-port",
    });
    expect(result.code).toBe(1);
    expect(result.problems.length).toBeGreaterThanOrEqual(3);
    for (const variable of ["DATABASE_URL", "GATEHOUSE_SECRET_KEY", "GATEWAY_PORT"]) {
      expect(result.problems.some((line) => line.startsWith(`gateway: ${variable} `))).toBe(true);
    }
    expect(result.lines?.some((line) => line.includes("    at "))).toBe(false);
  });
});
