// Requests refused at the door because the account suspended the agent or the server are audited: the activity
// log shows an agent that keeps calling after it was stopped, with the reason and what it asked for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { mcpUrl, type RunningGateway, startGateway, waitFor } from "./helpers/gateway.js";

describe("requests refused for a suspension", () => {
  let fx: FixtureAccount;
  let gw: RunningGateway;

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow" });
    gw = await startGateway(fx.database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await fx?.close();
  });

  /**
   * A raw tools/call (the SDK client would stop at the refused initialize), until the gateway refuses it with
   * `expected` (a change reaches the gateway within a second; until then the previous answer stands).
   */
  async function refusedCall(tool: string, sessionId: string, expected: string): Promise<void> {
    await waitFor(async () => {
      const response = await fetch(mcpUrl(gw.base, fx.account, fx.server), {
        method: "POST",
        headers: {
          authorization: `Bearer ${fx.key}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-session-id": sessionId,
        },
        body: JSON.stringify([
          {
            jsonrpc: "2.0",
            id: 1,
            method: "tools/call",
            params: { name: tool, arguments: { message: "x" } },
          },
          { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 0 } },
        ]),
      });
      const text = await response.text();
      return response.status === 403 && text.includes(expected) ? text : undefined;
    }, 10_000);
  }

  async function eventsFor(tool: string, reason: string) {
    return waitFor(async () => {
      const rows = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, tool, reason },
      });
      return rows.length > 0 ? rows : undefined;
    }, 10_000);
  }

  it("records a suspended agent's call as denied, with the reason, tool, argument keys and session", async () => {
    await fx.database.db.agent.update({ where: { id: fx.agentId }, data: { suspended: true } });
    await refusedCall("echo-while-agent-suspended", "session-a", "this agent is suspended");
    const events = await eventsFor("echo-while-agent-suspended", "the agent is suspended");
    expect(events).toHaveLength(1); // the notification in the same batch is not a call
    expect(events[0]).toMatchObject({
      decision: "denied",
      method: "tools/call",
      reason: "the agent is suspended",
      rule: null,
      agentId: fx.agentId,
      serverId: fx.serverId,
      sessionId: "session-a",
      argumentKeys: ["message"],
      arguments: null,
    });
    await fx.database.db.agent.update({ where: { id: fx.agentId }, data: { suspended: false } });
  });

  it("records a call to a suspended server likewise", async () => {
    await fx.database.db.server.update({ where: { id: fx.serverId }, data: { suspended: true } });
    await refusedCall("echo-while-server-suspended", "session-b", "this server is suspended");
    const [event] = await eventsFor("echo-while-server-suspended", "the server is suspended");
    expect(event).toMatchObject({
      decision: "denied",
      reason: "the server is suspended",
      agentId: fx.agentId,
    });
    await fx.database.db.server.update({ where: { id: fx.serverId }, data: { suspended: false } });
  });
});
