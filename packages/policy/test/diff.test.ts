/** The plain-language diff a publish shows (R54). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy, diffPolicies, type TPolicy } from "../src/index";
import { args, policyArb, toolName } from "./arbitraries";

describe("diffPolicies", () => {
  it("[R54] says tool by tool what changes, with the reason", () => {
    const before: TPolicy = {
      version: "1",
      default: "deny",
      tools: { "get-env": {}, "get-*": {}, echo: {} },
    };
    const after: TPolicy = {
      version: "1",
      default: "allow",
      hide: ["debug_*"],
      tools: {
        "get-env": { action: "deny", reason: "Environment variables may contain secrets" },
        "get-*": { rate_limit: { max: 5, window: 60 } },
        echo: {},
        "zzz_*": {},
      },
    };
    const diff = diffPolicies(before, after, ["get-env", "get-sum", "echo", "debug_dump", "other"]);
    expect(diff.tools.map((c) => c.text)).toEqual(
      [
        "get-env: allowed → denied: Environment variables may contain secrets",
        "get-sum: allowed → allowed, at most 5 calls per 60 s per session",
        "debug_dump: hidden → hidden",
        "other: hidden → allowed",
      ].filter((line) => !line.startsWith("debug_dump")),
    );
    expect(diff.other).toEqual([
      "Default for other tools: deny → allow",
      "Pattern zzz_* added (it governs none of the listed tools)",
      "Hide pattern debug_* added (hides none of the listed tools)",
    ]);
  });

  it("[R54] against nothing published, every allowed tool is a change from hidden", () => {
    const diff = diffPolicies(null, { version: "1", default: "deny", tools: { echo: {} } }, ["echo", "x"]);
    expect(diff.tools.map((c) => c.text)).toEqual(["echo: hidden → allowed"]);
    expect(diff.other).toEqual([]);
  });

  it("[R54] a tool whose decision changes is listed, and an unchanged policy lists nothing", () => {
    fc.assert(
      fc.property(
        policyArb,
        policyArb,
        fc.uniqueArray(toolName, { maxLength: 6 }),
        args,
        (a, b, tools, x) => {
          const listed = new Set(diffPolicies(a, b, tools).tools.map((c) => c.tool));
          const [ca, cb] = [compilePolicy(a), compilePolicy(b)];
          for (const tool of tools) {
            const [da, db] = [ca.decide({ tool, arguments: x }), cb.decide({ tool, arguments: x })];
            if (JSON.stringify(da) !== JSON.stringify(db) && da.rule === db.rule)
              expect(listed.has(tool), tool).toBe(true);
            if (da.kind !== db.kind && !da.rule.includes("_if/") && !db.rule.includes("_if/"))
              expect(listed.has(tool), tool).toBe(true);
          }
          expect(diffPolicies(a, a, tools)).toEqual({ tools: [], other: [] });
        },
      ),
      { numRuns: 500 },
    );
  });
});
