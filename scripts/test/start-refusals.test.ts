// `npm start` refuses bad configuration with one clear line per problem and exit code 1, never a stack trace.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../lib/processes.js";
import { ROOT } from "../lib/root.js";

function start(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GATEHOUSE_SKIP_BUILD: "1",
        GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), "gatehouse-refusal-")),
        ...env,
      },
    },
  );
  const lines = result.stderr.trim().split("\n").filter(Boolean);
  return { status: result.status, lines, stdout: result.stdout };
}

describe("start-up refusals", () => {
  it("a malformed DATABASE_URL stops start-up with one line naming it", () => {
    const result = start({ DATABASE_URL: "mysql://nope" });
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([
      "gatehouse: DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgresql://user:pass@host:5432/gatehouse",
    ]);
  });

  it("production mode without secrets names each missing one, and generates none", () => {
    const result = start({ NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x" });
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([
      "gatehouse: AUTH_SECRET is required in production mode; it is never generated there",
      "gatehouse: GATEHOUSE_SECRET_KEY is required in production mode; it is never generated there",
    ]);
  });

  it("production mode without DATABASE_URL says it is required", () => {
    const result = start({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(40), GATEHOUSE_SECRET_KEY: "k" });
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([
      "gatehouse: DATABASE_URL is required in production mode (NODE_ENV=production)",
    ]);
  });

  it("an unreachable database stops start-up with one line saying where and why", async () => {
    const closedPort = await freePort();
    const result = start({
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${closedPort}/gatehouse`,
      PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
    });
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([
      `gatehouse: cannot use the database at 127.0.0.1:${closedPort}/gatehouse: nothing is listening there (ECONNREFUSED)`,
    ]);
  });

  it("a port already in use is named with the variable that moves it", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const result = start({ PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.lines).toEqual([`gatehouse: port ${port} is in use; set PORT to a free port`]);
    } finally {
      taken.close();
    }
  });

  it("a port that is not a number is refused by name", () => {
    const result = start({ GATEWAY_PORT: "eighty" });
    expect(result.status).toBe(1);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^gatehouse: GATEWAY_PORT /);
  });
});
