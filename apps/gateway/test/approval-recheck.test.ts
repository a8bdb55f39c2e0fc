import { seedAgent, seedPolicy } from "@gatehouse/db/seed";
import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { textOf, waitFor } from "./helpers/gateway.js";

const held = { action: "require_approval", approval: { timeout: 120, hold: 30 } };
const POLICY = { version: "1", default: "allow", tools: { slow: held } };

// A call can be held for minutes. What an admin changed meanwhile (a key revoked, an agent suspended, a policy
// published) applies to it when it is approved: a person's approval never lets through what is now forbidden.
describe("an approved call is decided again on what is in force when it is approved", () => {
  const fx = withFixtureGateway(POLICY);
  let agents = 0;

  /** Holds a `slow` call of a new agent, applies `change` while it waits, approves it, and returns the answer. */
  async function approveAfter(change: (agent: { agentId: string }) => Promise<unknown>) {
    agents += 1;
    const { agent, key } = await seedAgent(fx.database.db, {
      organizationId: fx.orgId,
      serverIds: [fx.serverId],
      name: `held-${agents}`,
    });
    // The new key is known to the gateway once it has polled the change.
    const client = await waitFor(() => fx.connect({ key }).catch(() => undefined));
    const calls = fx.upstream.calls.length;
    const answer = client.callTool({ name: "slow", arguments: { ms: 1 } });
    const row = await waitFor(async () => {
      const pending = await fx.database.db.approvalRequest.findFirst({
        where: { organizationId: fx.orgId, agentId: agent.id, status: "pending" },
      });
      return pending ?? undefined;
    });
    await change({ agentId: agent.id });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the gateway polls for changes every 100 ms
    await fx.database.db.approvalRequest.update({
      where: { id: row.id },
      data: { status: "approved", decidedAt: new Date(), usableUntil: new Date(Date.now() + 120_000) },
    });
    const result = await answer;
    const audited = await waitFor(async () => {
      const event = await fx.database.db.auditEvent.findFirst({
        where: { organizationId: fx.orgId, agentId: agent.id, tool: "slow" },
      });
      return event ?? undefined;
    });
    const sent = fx.upstream.calls.slice(calls).includes("slow");
    await client.close().catch(() => undefined);
    return { result, audited, sent, approvalId: row.id };
  }

  it("sends the call when nothing changed", async () => {
    const { result, audited, sent, approvalId } = await approveAfter(async () => undefined);
    expect(textOf(result)).toBe("done");
    expect(audited).toMatchObject({ decision: "approved", approvalId });
    expect(sent).toBe(true);
  });

  it.each([
    [
      "the agent was suspended",
      ({ agentId }: { agentId: string }) =>
        fx.database.db.agent.update({ where: { id: agentId }, data: { suspended: true } }),
    ],
    [
      "the key was revoked or expired",
      ({ agentId }: { agentId: string }) =>
        fx.database.db.agentKey.updateMany({ where: { agentId }, data: { revokedAt: new Date() } }),
    ],
    [
      "the agent may no longer use this server",
      ({ agentId }: { agentId: string }) =>
        fx.database.db.agentServer.deleteMany({ where: { agentId, serverId: fx.serverId } }),
    ],
  ])("refuses it when %s", async (why, change) => {
    const { result, audited, sent, approvalId } = await approveAfter(change);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`Denied by policy: ${why}; the call was not sent`);
    expect(audited).toMatchObject({ decision: "denied", approvalId });
    expect(sent).toBe(false);
  });

  it("refuses it when a policy that denies the tool was published meanwhile", async () => {
    const deny = { ...POLICY, tools: { slow: { action: "deny", reason: "frozen for the release" } } };
    try {
      const { result, audited, sent } = await approveAfter(() =>
        seedPolicy(fx.database.db, { serverId: fx.serverId, document: deny }),
      );
      expect(textOf(result)).toBe("Denied by policy: frozen for the release");
      expect(audited).toMatchObject({ decision: "denied", rule: "/tools/slow" });
      expect(sent).toBe(false);
    } finally {
      await seedPolicy(fx.database.db, { serverId: fx.serverId, document: POLICY });
    }
  });
});
