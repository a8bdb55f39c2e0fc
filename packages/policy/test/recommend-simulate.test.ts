/** Recommended policies, the simulator and the replay of recorded calls. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ClassifiableTool,
  classifyTool,
  compilePolicy,
  type RecordedCall,
  recommendedToolPolicy,
  recommendPolicy,
  replayCalls,
  replaySummary,
  simulateCall,
  validatePolicy,
} from "../src/index";
import { compiled, policy } from "./helpers";

const cloudstack = (
  JSON.parse(
    readFileSync(new URL("../../catalog/data/cloudstack-mcp-server.tools.json", import.meta.url), "utf8"),
  ) as {
    tools: ClassifiableTool[];
  }
).tools;

describe("recommendPolicy", () => {
  it("[R45] recommends a valid policy by category for the CloudStack tools", () => {
    const recommended = recommendPolicy(cloudstack);
    expect(validatePolicy(recommended)).toEqual({ ok: true, policy: recommended });
    expect(recommended.default).toBe("deny");
    const p = compilePolicy(recommended);
    expect(p.decide({ tool: "list_async_jobs" })).toEqual({ kind: "allow", rule: "/tools/list_async_jobs" });
    expect(p.decide({ tool: "create_volume" })).toMatchObject({
      kind: "allow",
      rateLimit: { max: 10, window: 60 },
    });
    expect(p.decide({ tool: "deploy_virtual_machine" }).kind).toBe("require_approval");
    expect(p.decide({ tool: "destroy_virtual_machine" }).kind).toBe("deny");
    expect(p.decide({ tool: "unknown_tool" }).kind).toBe("hidden");
    for (const tool of cloudstack) expect(p.isVisible(tool.name)).toBe(true);
  });

  it("[R45] holds Financial tools for approval and uses a given classification", () => {
    const p = compilePolicy(
      recommendPolicy([
        { name: "charge_card" },
        { name: "frob", classification: { category: "Read" } },
        { name: "x*y" },
      ]),
    );
    expect(p.decide({ tool: "charge_card" }).kind).toBe("require_approval");
    expect(p.decide({ tool: "frob" })).toEqual({ kind: "allow", rule: "/tools/frob" });
    expect(p.policy.tools?.["x*y"]).toBeUndefined();
  });

  it("[R45] the per-tool policy of a catalogue page matches the reference page for list_async_jobs", () => {
    const tool = cloudstack.find((t) => t.name === "list_async_jobs")!;
    expect(recommendedToolPolicy(tool)).toEqual({
      version: "1",
      default: "deny",
      tools: { list_async_jobs: {} },
    });
    expect(classifyTool(tool).category).toBe("Read");
  });
});

describe("simulateCall", () => {
  const p = compiled({
    version: "1",
    default: "deny",
    hide: ["debug_*"],
    tools: {
      resize_volume: {
        deny_if: [{ arg: "size", op: "gt", value: 500, reason: "Volumes over 500 GB need a ticket" }],
      },
      deploy: { action: "require_approval" },
      "list_*": { rate_limit: { max: 10, window: 60 } },
    },
  });

  it("[R46] gives the decision, its audit name and the agent's text", () => {
    expect(simulateCall(p, { tool: "resize_volume", arguments: { size: 600 } })).toMatchObject({
      outcome: "denied",
      visible: true,
      agentText: "Denied by policy: Volumes over 500 GB need a ticket",
      decision: { rule: "/tools/resize_volume/deny_if/0" },
    });
    expect(simulateCall(p, { tool: "debug_x" })).toMatchObject({
      outcome: "hidden",
      visible: false,
      agentText: "Unknown tool: debug_x",
      errorCode: -32602,
    });
    expect(simulateCall(p, { tool: "deploy" })).toMatchObject({ outcome: "approval_pending" });
    expect(simulateCall(p, { tool: "deploy" }).agentText).toMatch(/^Approval pending \(id/);
    const allowed = simulateCall(p.policy, { tool: "list_x" });
    expect(allowed).toMatchObject({ outcome: "allowed", agentText: null, errorCode: null });
    expect(allowed.explanation).toContain("at most 10 calls per 60 s per session");
  });
});

describe("replayCalls", () => {
  const draft = policy({
    version: "1",
    default: "deny",
    tools: {
      "list_*": {},
      resize_volume: {
        deny_if: [{ arg: "size", op: "gt", value: 500 }],
        approve_if: [{ arg: "size", op: "gt", value: 100 }],
      },
      destroy: { action: "deny", deny_if: [{ arg: "x", op: "exists" }] },
    },
  });
  const calls: RecordedCall[] = [
    { id: "1", tool: "list_zones", decision: "allowed" },
    { id: "2", tool: "resize_volume", arguments: { size: 600 }, decision: "allowed" },
    { id: "3", tool: "resize_volume", arguments: { size: 200 }, decision: "allowed" },
    { id: "4", tool: "resize_volume", decision: "allowed" },
    { id: "5", tool: "destroy", decision: "allowed" },
    { id: "6", tool: "create_volume", decision: "rate_limited" },
    { id: "7", tool: "list_hosts", decision: "upstream_error" },
  ];

  it("[R47] reports changed decisions by transition against the recorded ones", () => {
    const report = replayCalls(draft, calls);
    expect(report).toMatchObject({ total: 7, changed: 4, unchanged: 2, unknownBefore: 1 });
    expect(report.transitions).toEqual({ "allow→deny": 2, "allow→require_approval": 1, "allow→hidden": 1 });
    expect(report.changes.map((c) => c.id)).toEqual(["2", "3", "5", "6"]);
    expect(report.changes[0]).toMatchObject({ rule: "/tools/resize_volume/deny_if/0", toolLevelOnly: false });
  });

  it("[R47] replays calls without arguments on tool-level rules and counts the skipped conditions", () => {
    const report = replayCalls(draft, calls);
    // Calls 1, 4, 5, 6 and 7 have no arguments; only resize_volume (2 conditions) has conditions that matter —
    // destroy's condition is moot under action deny.
    expect(report.callsWithoutArguments).toBe(5);
    expect(report.conditionsNotEvaluated).toBe(2);
    // Call 4 (no arguments) is allowed at tool level, so unchanged.
    expect(report.changes.find((c) => c.id === "4")).toBeUndefined();
    expect(replaySummary(report)).toBe(
      "This change would have denied 3, held 1 for approval of the last 7 calls; 2 conditions could not be evaluated (5 calls were recorded without arguments).",
    );
  });

  it("[R47] can compare with the current policy instead of recorded decisions", () => {
    const current = policy({ version: "1", default: "allow" });
    const report = replayCalls(draft, calls, { current });
    expect(report.unknownBefore).toBe(0);
    expect(report.transitions["allow→hidden"]).toBe(1);
    expect(report.changed).toBe(4);
  });
});
