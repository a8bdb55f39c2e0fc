/** Which entry applies to a tool (DESIGN §4 matching) and tools/list filtering. */
import { describe, expect, it } from "vitest";
import { compileGlob, literalLength, parsePolicyJson } from "../src/index";
import { compiled, DESIGN_EXAMPLE } from "./helpers";

describe("matching", () => {
  it("[R12] hides tools matching a hide pattern before any entry, citing the first matching pattern", () => {
    const p = compiled({
      version: "1",
      default: "allow",
      hide: ["nothing", "debug_*", "*_secret"],
      tools: { debug_dump: { action: "allow" }, "debug_*": {} },
    });
    expect(p.decide({ tool: "debug_dump" })).toEqual({ kind: "hidden", rule: "/hide/1" });
    expect(p.decide({ tool: "debug_secret" })).toEqual({ kind: "hidden", rule: "/hide/1" });
    expect(p.decide({ tool: "app_secret" })).toEqual({ kind: "hidden", rule: "/hide/2" });
    expect(p.decide({ tool: "nothing" })).toEqual({ kind: "hidden", rule: "/hide/0" });
    expect(p.decide({ tool: "other" })).toEqual({ kind: "allow", rule: "/default" });
  });

  it("[R13] applies the exact entry before globs, even a glob with more literal characters", () => {
    const p = compiled({
      version: "1",
      default: "allow",
      tools: { "list_virtual_machines*": { action: "deny" }, list_virtual_machines: {} },
    });
    expect(p.decide({ tool: "list_virtual_machines" })).toEqual({
      kind: "allow",
      rule: "/tools/list_virtual_machines",
    });
    expect(p.decide({ tool: "list_virtual_machines_x" }).kind).toBe("deny");
  });

  it("[R13] treats a key containing * as exact for a tool of exactly that name", () => {
    const p = compiled({ version: "1", default: "deny", tools: { "a*": { action: "deny" }, "*": {} } });
    expect(p.decide({ tool: "a*" })).toEqual({ kind: "deny", rule: "/tools/a*" });
    expect(p.decide({ tool: "*" })).toEqual({ kind: "allow", rule: "/tools/*" });
  });

  it("[R14] prefers the glob with the most literal characters", () => {
    const p = compiled({
      version: "1",
      default: "deny",
      tools: { "*": {}, "list_*": { action: "deny" }, "list_*_jobs": { action: "require_approval" } },
    });
    expect(p.decide({ tool: "list_async_jobs" }).rule).toBe("/tools/list_*_jobs");
    expect(p.decide({ tool: "list_zones" }).rule).toBe("/tools/list_*");
    expect(p.decide({ tool: "get_zone" }).rule).toBe("/tools/*");
  });

  it("[R14] breaks ties by the order written", () => {
    const first = compiled({
      version: "1",
      default: "deny",
      tools: { "get_*": { action: "deny" }, "*t_vm": {} },
    });
    expect(first.decide({ tool: "get_vm" }).rule).toBe("/tools/get_*");
    const second = compiled({
      version: "1",
      default: "deny",
      tools: { "*t_vm": {}, "get_*": { action: "deny" } },
    });
    expect(second.decide({ tool: "get_vm" }).rule).toBe("/tools/*t_vm");
  });

  it("[R14] counts literal characters, not pattern length", () => {
    expect(literalLength("a**b")).toBe(2);
    const p = compiled({ version: "1", default: "deny", tools: { "ab***": { action: "deny" }, "a*c": {} } });
    // Both have 2 literal characters: the first written wins.
    expect(p.decide({ tool: "abc" }).rule).toBe("/tools/ab***");
  });

  it.each([
    ["list_*", "list_", true],
    ["list_*", "list_zones", true],
    ["list_*", "List_zones", false],
    ["list_*", "xlist_zones", false],
    ["*_jobs", "list_async_jobs", true],
    ["*_jobs", "_jobs", true],
    ["*_jobs", "jobs", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "a-b-b-c", true],
    ["a*b*c", "acb", false],
    ["a*b*c", "abcb", false],
    ["*mid*", "amidb", true],
    ["*mid*", "mi", false],
    ["*", "", true],
    ["a.b", "axb", false],
    ["a?b", "axb", false],
    ["a?b", "a?b", true],
    ["ab*ba", "aba", false],
    ["ab*ba", "abba", true],
    ["[x]*", "[x]y", true],
  ])("[R15] glob %s against %s → %s", (pattern, name, expected) => {
    expect(compileGlob(pattern)(name)).toBe(expected);
  });

  it("[R16] default allow allows and default deny hides, both citing /default", () => {
    expect(compiled({ version: "1", default: "allow" }).decide({ tool: "x" })).toEqual({
      kind: "allow",
      rule: "/default",
    });
    expect(compiled({ version: "1", default: "deny" }).decide({ tool: "x" })).toEqual({
      kind: "hidden",
      rule: "/default",
    });
  });

  it("[R17] applies exactly one entry, whole: list_async_jobs {} beside list_* stays unlimited", () => {
    const result = parsePolicyJson(DESIGN_EXAMPLE);
    if (!result.ok) throw new Error("example must be valid");
    const p = compiled(result.policy);
    expect(p.decide({ tool: "list_async_jobs" })).toEqual({ kind: "allow", rule: "/tools/list_async_jobs" });
    expect(p.decide({ tool: "list_zones" })).toEqual({
      kind: "allow",
      rule: "/tools/list_*",
      rateLimit: { key: "/tools/list_*", max: 10, window: 60, scope: "session" },
    });
  });

  it("[R17] never merges a reason or rate limit from a less specific entry", () => {
    const p = compiled({
      version: "1",
      default: "deny",
      tools: {
        "*": { reason: "general", rate_limit: { max: 1, window: 1 }, deny_if: [{ arg: "x", op: "exists" }] },
        "get_*": { action: "require_approval" },
      },
    });
    expect(p.decide({ tool: "get_a", arguments: { x: 1 } })).toEqual({
      kind: "require_approval",
      rule: "/tools/get_*",
      approval: { timeout: 300, hold: 45 },
    });
  });

  it("[R18] escapes ~ and / in rule pointers", () => {
    const p = compiled({
      version: "1",
      default: "deny",
      hide: ["x"],
      tools: { "files/read~v2": { deny_if: [{ arg: "p", op: "exists" }] }, "ns/*": { action: "deny" } },
    });
    expect(p.decide({ tool: "files/read~v2", arguments: { p: 1 } }).rule).toBe(
      "/tools/files~1read~0v2/deny_if/0",
    );
    expect(p.decide({ tool: "ns/any" }).rule).toBe("/tools/ns~1*");
  });

  it("[R31] filters tools/list in upstream order, dropping hidden and default-denied tools", () => {
    const result = parsePolicyJson(DESIGN_EXAMPLE);
    if (!result.ok) throw new Error("example must be valid");
    const p = compiled(result.policy);
    const upstream = [
      "zeta",
      "list_zones",
      "debug_dump",
      "destroy_virtual_machine",
      "list_async_jobs",
      "resize_volume",
    ].map((name, i) => ({ name, i }));
    const visible = p.filterTools(upstream);
    expect(visible.map((t) => t.name)).toEqual([
      "list_zones",
      "destroy_virtual_machine",
      "list_async_jobs",
      "resize_volume",
    ]);
    expect(visible[0]).toBe(upstream[1]);
    for (const tool of upstream) expect(p.isVisible(tool.name)).toBe(visible.includes(tool));
    expect(compiled({ version: "1", default: "allow" }).filterTools(upstream)).toEqual(upstream);
  });

  it("[R31] filters each page independently, so pagination is kept", () => {
    const p = compiled({ version: "1", default: "deny", tools: { "keep_*": {} } });
    const page1 = [{ name: "keep_1" }, { name: "drop_1" }];
    const page2 = [{ name: "drop_2" }, { name: "keep_2" }];
    expect([...p.filterTools(page1), ...p.filterTools(page2)]).toEqual([
      { name: "keep_1" },
      { name: "keep_2" },
    ]);
  });
});
