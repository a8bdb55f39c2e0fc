/**
 * Policy engine benchmark (issue 3). Run from the repository root:
 *
 *   npx tsx bench/policy.bench.ts            (add --quick for a short run)
 *
 * Measures, on one core (Node runs it on one thread):
 *   1. decisions per second of `decide()` for a 200-rule policy (exact names, prefix/suffix/infix globs,
 *      hide patterns, deny_if/approve_if conditions including a regex, rate limits, approvals) over a
 *      mix of 1,000 calls (exact hits, glob hits, hidden, default, condition hits and misses);
 *   2. the latency distribution (p50/p99/p99.9) of a single decision, timed one by one;
 *   3. `filterTools` over 1,000 tools, cold (freshly compiled policy, empty cache) and warm;
 *   4. `compilePolicy` + `validatePolicy` of the 200-rule policy.
 * Machines are noisy, so each figure is printed next to a baseline measured in the same run (a Map
 * lookup per call; a Set-based Array.filter; the timer's own cost) and the ratio between them.
 * Targets (issue 3): ≥ 1,000,000 decisions/s, p99 < 5 µs, filtering 1,000 tools < 1 ms.
 */
import { compilePolicy, type PolicyCall, type TPolicy, validatePolicy } from "@gatehouse/policy";

const quick = process.argv.includes("--quick");
const out = (line = "") => process.stdout.write(`${line}\n`);

const VERBS = ["list", "get", "create", "update", "delete", "describe", "attach", "detach", "start", "stop"];
const NOUNS = [
  "virtual_machine",
  "volume",
  "snapshot",
  "network",
  "firewall_rule",
  "zone",
  "host",
  "user",
  "key",
  "template",
];

function buildPolicy(): TPolicy {
  const tools: Record<string, unknown> = {};
  let n = 0;
  // 100 exact entries.
  for (const verb of VERBS) for (const noun of NOUNS) if (n < 100) tools[`${verb}_${noun}_${n++}`] = {};
  // 80 globs of several shapes.
  for (let i = 0; i < 30; i++)
    tools[`${VERBS[i % 10]}_${NOUNS[i % 10]}_x${i}_*`] = { rate_limit: { max: 10, window: 60 } };
  for (let i = 0; i < 25; i++) tools[`*_${NOUNS[i % 10]}_s${i}`] = { action: "require_approval" };
  for (let i = 0; i < 25; i++)
    tools[`ns${i}_*_${NOUNS[i % 10]}*`] = { action: "deny", reason: "namespace closed" };
  // 20 entries with conditions.
  for (let i = 0; i < 20; i++) {
    tools[`cond_${NOUNS[i % 10]}_${i}`] = {
      reason: "conditions",
      deny_if: [
        { arg: "size", op: "gt", value: 500, reason: "too big" },
        { arg: "zone", op: "in", value: ["prod-eu", "prod-us", "prod-ap"] },
        { arg: "spec.owner.team", op: "eq", value: "finance" },
      ],
      approve_if: [
        { arg: "name", op: "regex", value: "^(?:db|cache)-[a-z0-9-]+$" },
        { arg: "tags", op: "contains", value: "critical" },
      ],
      rate_limit: { max: 100, window: 3600, scope: "agent" },
    };
  }
  return { version: "1", default: "deny", hide: ["debug_*", "*_internal", "admin_*_raw"], tools } as TPolicy;
}

function buildCalls(count: number): PolicyCall[] {
  const calls: PolicyCall[] = [];
  for (let i = 0; i < count; i++) {
    const verb = VERBS[i % 10]!;
    const noun = NOUNS[(i * 7) % 10]!;
    switch (i % 8) {
      case 0:
        calls.push({ tool: `${verb}_${noun}_${i % 100}`, arguments: { id: String(i) } });
        break;
      case 1:
        calls.push({
          tool: `${VERBS[(i % 30) % 10]}_${NOUNS[(i % 30) % 10]}_x${i % 30}_page${i}`,
          arguments: {},
        });
        break;
      case 2:
        calls.push({ tool: `resize_${NOUNS[(i % 25) % 10]}_s${i % 25}`, arguments: {} });
        break;
      case 3:
        calls.push({ tool: `ns${i % 25}_tool_${NOUNS[(i % 25) % 10]}_v2`, arguments: {} });
        break;
      case 4:
        calls.push({ tool: i % 2 ? `debug_dump_${i}` : `sync_${i}_internal` });
        break;
      case 5:
        calls.push({ tool: `unknown_tool_${i}`, arguments: { x: 1 } });
        break;
      default:
        calls.push({
          tool: `cond_${NOUNS[(i % 20) % 10]}_${i % 20}`,
          arguments: {
            size: i % 3 === 0 ? "900" : 40 + (i % 50),
            zone: i % 5 === 0 ? "prod-eu" : "dev",
            spec: { owner: { team: i % 11 === 0 ? "finance" : "platform" } },
            name: i % 2 ? `db-primary-${i}` : `web-${i}`,
            tags: ["a", i % 4 === 0 ? "critical" : "b"],
          },
        });
    }
  }
  return calls;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const raw = buildPolicy();
const validation = validatePolicy(raw);
if (!validation.ok)
  throw new Error(`benchmark policy invalid: ${JSON.stringify(validation.errors.slice(0, 3))}`);
const policy = validation.policy;
const ruleCount = Object.keys(policy.tools ?? {}).length + (policy.hide?.length ?? 0);
const compiled = compilePolicy(policy);
const calls = buildCalls(1_000);
const names = calls.map((c) => c.tool);
const baselineMap = new Map(names.map((name, i) => [name, i]));

out(
  `Gatehouse policy benchmark — node ${process.version}, ${ruleCount} rules (${Object.keys(policy.tools ?? {}).length} entries + ${policy.hide?.length ?? 0} hide), ${calls.length} calls`,
);
const kinds: Record<string, number> = {};
for (const call of calls) {
  const kind = compiled.decide(call).kind;
  kinds[kind] = (kinds[kind] ?? 0) + 1;
}
out(
  `call mix: ${Object.entries(kinds)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}`,
);
out();

// 1. Throughput.
const rounds = quick ? 1_000 : 5_000;
let sink = 0;
function runDecisions(): number {
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < calls.length; i++) sink += compiled.decide(calls[i]!).rule.length;
  return Number(process.hrtime.bigint() - started) / 1e9;
}
function runBaseline(): number {
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < names.length; i++) sink += baselineMap.get(names[i]!) ?? 1;
  return Number(process.hrtime.bigint() - started) / 1e9;
}
runDecisions(); // warm-up (JIT, per-tool cache)
runBaseline();
const decisionSeconds = Math.min(runDecisions(), runDecisions(), runDecisions());
const baselineSeconds = Math.min(runBaseline(), runBaseline(), runBaseline());
const total = rounds * calls.length;
const perSecond = total / decisionSeconds;
const baselinePerSecond = total / baselineSeconds;
out("1. decide() throughput (best of 3)");
out(
  `   decide():             ${fmt(perSecond)} decisions/s  (${fmt((decisionSeconds / total) * 1e9, 1)} ns each)`,
);
out(
  `   baseline Map.get():   ${fmt(baselinePerSecond)} lookups/s  (${fmt((baselineSeconds / total) * 1e9, 1)} ns each)`,
);
out(
  `   ratio decide/baseline: ${fmt(decisionSeconds / baselineSeconds, 1)}× the time of a Map lookup   target ≥ 1,000,000/s: ${perSecond >= 1e6 ? "MET" : "NOT MET"}`,
);
out();

// 2. Latency, one decision at a time.
const samples = quick ? 200_000 : 1_000_000;
const latencies = new Float64Array(samples);
const timer = new Float64Array(samples);
for (let s = 0; s < samples; s++) {
  const call = calls[s % calls.length]!;
  const t0 = process.hrtime.bigint();
  sink += compiled.decide(call).rule.length;
  latencies[s] = Number(process.hrtime.bigint() - t0);
}
for (let s = 0; s < samples; s++) {
  const t0 = process.hrtime.bigint();
  sink += s & 1;
  timer[s] = Number(process.hrtime.bigint() - t0);
}
latencies.sort();
timer.sort();
out(`2. per-decision latency (${fmt(samples)} decisions timed one by one; includes the timer's own cost)`);
out(
  `   decide():  p50 ${fmt(percentile(latencies, 50))} ns   p99 ${fmt(percentile(latencies, 99))} ns   p99.9 ${fmt(percentile(latencies, 99.9))} ns   max ${fmt(latencies[samples - 1]!)} ns`,
);
out(`   timer only: p50 ${fmt(percentile(timer, 50))} ns   p99 ${fmt(percentile(timer, 99))} ns`);
out(
  `   p99 ratio decide/timer: ${fmt(percentile(latencies, 99) / Math.max(1, percentile(timer, 99)), 1)}×   target p99 < 5 µs: ${percentile(latencies, 99) < 5_000 ? "MET" : "NOT MET"}`,
);
out();

// 3. tools/list filtering of 1,000 tools.
// 1,000 distinct tool names: exact entries, glob hits, hidden, unknown (default deny) and condition entries.
const toolNames = new Set<string>(Object.keys(policy.tools ?? {}).filter((key) => !key.includes("*")));
for (let i = 0; toolNames.size < 1_000; i++)
  toolNames.add(i % 2 ? calls[i % calls.length]!.tool : `${calls[i % calls.length]!.tool}_v${i}`);
const tools = [...toolNames].map((name, i) => ({ name, description: `tool ${i}` }));
const visibleSet = new Set(tools.filter((t) => compiled.isVisible(t.name)).map((t) => t.name));
const filterRuns = quick ? 200 : 1_000;
const cold = new Float64Array(filterRuns);
const warm = new Float64Array(filterRuns);
const base = new Float64Array(filterRuns);
for (let r = 0; r < filterRuns; r++) {
  const fresh = compilePolicy(policy);
  let t0 = process.hrtime.bigint();
  sink += fresh.filterTools(tools).length;
  cold[r] = Number(process.hrtime.bigint() - t0) / 1e6;
  t0 = process.hrtime.bigint();
  sink += fresh.filterTools(tools).length;
  warm[r] = Number(process.hrtime.bigint() - t0) / 1e6;
  t0 = process.hrtime.bigint();
  sink += tools.filter((t) => visibleSet.has(t.name)).length;
  base[r] = Number(process.hrtime.bigint() - t0) / 1e6;
}
for (const a of [cold, warm, base]) a.sort();
out(`3. filterTools(1,000 tools) over ${fmt(filterRuns)} runs (${visibleSet.size} visible)`);
out(
  `   cold (fresh compile, empty cache): p50 ${fmt(percentile(cold, 50), 3)} ms   p99 ${fmt(percentile(cold, 99), 3)} ms`,
);
out(
  `   warm (cached resolutions):         p50 ${fmt(percentile(warm, 50), 3)} ms   p99 ${fmt(percentile(warm, 99), 3)} ms`,
);
out(
  `   baseline Set-filter:               p50 ${fmt(percentile(base, 50), 3)} ms   p99 ${fmt(percentile(base, 99), 3)} ms`,
);
out(
  `   ratio cold/baseline p50: ${fmt(percentile(cold, 50) / percentile(base, 50), 1)}×   target < 1 ms: ${percentile(cold, 99) < 1 ? "MET (cold p99)" : percentile(cold, 50) < 1 ? "MET (cold p50)" : "NOT MET"}`,
);
out();

// 4. Validate + compile.
const compileRuns = quick ? 50 : 200;
const compileTimes = new Float64Array(compileRuns);
const validateTimes = new Float64Array(compileRuns);
for (let r = 0; r < compileRuns; r++) {
  let t0 = process.hrtime.bigint();
  sink += validatePolicy(raw).ok ? 1 : 0;
  validateTimes[r] = Number(process.hrtime.bigint() - t0) / 1e6;
  t0 = process.hrtime.bigint();
  sink += compilePolicy(policy).isVisible("x") ? 1 : 0;
  compileTimes[r] = Number(process.hrtime.bigint() - t0) / 1e6;
}
validateTimes.sort();
compileTimes.sort();
out(
  `4. validatePolicy p50 ${fmt(percentile(validateTimes, 50), 3)} ms, compilePolicy p50 ${fmt(percentile(compileTimes, 50), 3)} ms (${ruleCount} rules)`,
);
out(`(sink ${sink % 10})`);
