/** The in-memory rate-limit counter, counter keys and the agent-facing texts. */
import { describe, expect, it } from "vitest";
import {
  approvalExpiredMessage,
  approvalPendingMessage,
  approverDeniedMessage,
  auditDecisionOf,
  decisionMeta,
  deniedMessage,
  MemoryRateLimitCounter,
  type RateLimitSpec,
  rateLimitCounterKey,
  rateLimitMessage,
  UNKNOWN_TOOL_ERROR_CODE,
  unknownToolMessage,
} from "../src/index";

const spec = { max: 3, window: 60 };

describe("MemoryRateLimitCounter", () => {
  it("[R32] allows max calls per fixed window aligned to the epoch, then refuses until the window ends", async () => {
    const counter = new MemoryRateLimitCounter();
    const start = 1_800_000_000_000 + 45_000; // 45 s into a 60 s window (1_800_000_000_000 is a multiple of 60,000)
    expect(await counter.hit("k", spec, start)).toEqual({ allowed: true, count: 1, retryAfterSeconds: 0 });
    expect((await counter.hit("k", spec, start + 1)).count).toBe(2);
    expect((await counter.hit("k", spec, start + 2)).allowed).toBe(true);
    expect(await counter.hit("k", spec, start + 3)).toEqual({
      allowed: false,
      count: 3,
      retryAfterSeconds: 15,
    });
    // Refused hits are not counted: still 3.
    expect((await counter.hit("k", spec, start + 10_500)).retryAfterSeconds).toBe(5);
    expect((await counter.hit("k", spec, start + 14_999)).count).toBe(3);
    // A new window starts exactly at the next multiple of 60 s.
    expect(await counter.hit("k", spec, start + 15_000)).toEqual({
      allowed: true,
      count: 1,
      retryAfterSeconds: 0,
    });
  });

  it("[R32] keeps separate keys apart", () => {
    const counter = new MemoryRateLimitCounter();
    const now = 1_800_000_000_000;
    expect(counter.hitSync("a", { max: 1, window: 10 }, now).allowed).toBe(true);
    expect(counter.hitSync("a", { max: 1, window: 10 }, now).allowed).toBe(false);
    expect(counter.hitSync("b", { max: 1, window: 10 }, now).allowed).toBe(true);
  });

  it("[R33] drops expired windows", () => {
    const counter = new MemoryRateLimitCounter({ sweepEvery: 10 });
    const now = 1_800_000_000_000;
    for (let i = 0; i < 9; i++) counter.hitSync(`k${i}`, { max: 1, window: 1 }, now);
    expect(counter.size).toBe(9);
    counter.hitSync("late", { max: 1, window: 1 }, now + 5_000);
    expect(counter.size).toBe(1);
    counter.hitSync("x", { max: 1, window: 1 }, now + 5_000);
    counter.sweep(now + 60_000);
    expect(counter.size).toBe(0);
  });

  it("[R34] builds counter keys per account, policy, entry and scope", () => {
    const who = { accountId: "acc", agentId: "alice", sessionId: "s1" };
    const base: RateLimitSpec = { key: "/tools/list_*", max: 10, window: 60, scope: "session" };
    const session = rateLimitCounterKey(base, who);
    expect(session).toContain("session:s1");
    expect(rateLimitCounterKey(base, { ...who, sessionId: "s2" })).not.toBe(session);
    const agent = rateLimitCounterKey({ ...base, scope: "agent" }, who);
    expect(rateLimitCounterKey({ ...base, scope: "agent" }, { ...who, sessionId: "s2" })).toBe(agent);
    expect(rateLimitCounterKey({ ...base, scope: "agent" }, { ...who, agentId: "bob" })).not.toBe(agent);
    const account = rateLimitCounterKey({ ...base, scope: "account" }, who);
    expect(
      rateLimitCounterKey({ ...base, scope: "account" }, { ...who, agentId: "bob", sessionId: "x" }),
    ).toBe(account);
    expect(rateLimitCounterKey({ ...base, scope: "account" }, { ...who, accountId: "other" })).not.toBe(
      account,
    );
    expect(rateLimitCounterKey({ ...base, key: "/tools/get_*" }, who)).not.toBe(session);
    expect(rateLimitCounterKey(base, who, "policy-2")).not.toBe(session);
  });
});

describe("agent-facing texts", () => {
  it("[R35] match DESIGN §4 exactly", () => {
    expect(unknownToolMessage("debug_dump")).toBe("Unknown tool: debug_dump");
    expect(UNKNOWN_TOOL_ERROR_CODE).toBe(-32602);
    expect(deniedMessage("Volumes over 500 GB need a ticket")).toBe(
      "Denied by policy: Volumes over 500 GB need a ticket",
    );
    expect(deniedMessage()).toBe("Denied by policy.");
    expect(rateLimitMessage({ max: 10, window: 60 }, 42)).toBe(
      "Rate limit exceeded: 10 calls per 60 s; retry in 42 s",
    );
    expect(approvalPendingMessage("apr_1")).toBe(
      "Approval pending (id apr_1): a person must approve this call; retry the same call after approval.",
    );
    expect(approverDeniedMessage("not today")).toBe("Denied by approver: not today");
    expect(approvalExpiredMessage()).toBe("Approval expired");
    expect(
      auditDecisionOf({ kind: "require_approval", rule: "/tools/x", approval: { timeout: 1, hold: 1 } }),
    ).toBe("approval_pending");
    expect(auditDecisionOf({ kind: "hidden", rule: "/default" })).toBe("hidden");
    expect(decisionMeta("rate_limited", "/tools/list_*", { retryAfter: 3, reason: undefined })).toEqual({
      decision: "rate_limited",
      rule: "/tools/list_*",
      retryAfter: 3,
    });
  });
});
