// `npm test`: every test of every workspace — unit, integration (real database: embedded by default, the real
// Postgres when DATABASE_URL is set; real Redis when REDIS_URL is set) and the Playwright journey in real Chromium.
// Ends with one line "N passed, N failed, N skipped" and a non-zero exit if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trustTestCertificate } from "@gatehouse/upstream/testing-tls";
import { ensureChromium } from "./lib/chromium.js";
import { ROOT } from "./lib/root.js";

const SUITES = [
  "scripts",
  "packages/policy",
  "packages/env",
  "packages/catalog",
  "packages/db",
  "packages/upstream",
  "apps/gateway",
  "apps/web",
] as const;

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failedSuites: string[] = [];
const reports = mkdtempSync(join(tmpdir(), "gatehouse-test-"));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" };
const only = process.argv.slice(2);
// Client ID metadata documents are https URLs: the OAuth tests (vitest and e2e) serve theirs with a throw-away
// certificate that every child process trusts through NODE_EXTRA_CA_CERTS.
trustTestCertificate(env);

function run(command: string, args: string[], cwd = ROOT, extraEnv: NodeJS.ProcessEnv = {}) {
  return spawnSync(command, args, { cwd, stdio: "inherit", env: { ...env, ...extraEnv } }).status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function record(suite: string, status: number, tally: Tally | undefined) {
  const counted = tally ?? { passed: 0, failed: status === 0 ? 0 : 1, skipped: 0 };
  total.passed += counted.passed;
  total.failed += counted.failed;
  total.skipped += counted.skipped;
  if (status !== 0 || counted.failed > 0) failedSuites.push(suite);
  console.log(
    `── ${suite}: ${counted.passed} passed, ${counted.failed} failed, ${counted.skipped} skipped\n`,
  );
}

console.log(
  `Database: ${process.env.DATABASE_URL ? "DATABASE_URL (a fresh database per test file)" : "embedded PGlite"}; ` +
    `Redis: ${process.env.REDIS_URL ? "REDIS_URL" : "none (in-memory state; Redis tests skipped)"}\n`,
);
if (run("npx", ["turbo", "run", "build", "--output-logs=errors-only"]) !== 0) {
  console.error("gatehouse: the build failed; no tests were run");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// The MCP conformance suite and its Node 22 sit outside the workspaces (tools/conformance/README.md); installed
// again when a package of its lock is missing (the 2026-07-28 release came later).
if (!existsSync(join(ROOT, "tools/conformance/node_modules/conformance-2026/package.json"))) {
  run("npm", ["ci", "--prefix", "tools/conformance", "--no-audit", "--no-fund"]);
}

for (const suite of SUITES) {
  if (only.length > 0 && !only.includes(suite)) continue;
  const output = join(reports, `${suite.replace("/", "-")}.json`);
  console.log(`── ${suite}`);
  const status = run(
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${output}`],
    join(ROOT, suite),
  );
  const report = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  }>(output);
  record(
    suite,
    status,
    report && {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    },
  );
}

if (only.length === 0 || only.includes("tests/e2e")) {
  const chromium = ensureChromium((line) => console.log(line));
  const output = join(reports, "e2e.json");
  console.log(`── tests/e2e (Chromium: ${chromium ?? "Playwright's own"})`);
  const status = run("npx", ["playwright", "test", "--reporter=list,json"], join(ROOT, "tests/e2e"), {
    PLAYWRIGHT_JSON_OUTPUT_NAME: output,
    ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
  });
  const report = readJson<{
    stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  }>(output);
  record(
    "tests/e2e",
    status,
    report && {
      passed: report.stats.expected + report.stats.flaky,
      failed: report.stats.unexpected,
      skipped: report.stats.skipped,
    },
  );
}

if (failedSuites.length > 0) console.log(`Failed: ${failedSuites.join(", ")}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedSuites.length > 0 ? 1 : 0);
