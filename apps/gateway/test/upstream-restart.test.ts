/**
 * An upstream that restarts forgets its sessions and answers 404 in them. Talking to it directly, an agent gets the
 * 404 and initializes again. Through the gateway the agent's session ends the same way, instead of staying open
 * with an upstream session that can never answer.
 */
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { textOf, waitFor } from "./helpers/gateway.js";

const POLICY = {
  version: "1",
  default: "allow",
  tools: { deploy: { action: "require_approval", approval: { hold: 30, timeout: 600 } } },
};

describe("an upstream that forgot the session (it restarted)", () => {
  const fx = withFixtureGateway(POLICY);

  it("ends the agent's session: what is in flight is answered, then 404, and a new session works", async () => {
    const client = await fx.connect();
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "before" } }))).toBe("before");
    const held = client.callTool({ name: "deploy", arguments: { name: "api" } });
    await waitFor(async () =>
      (await fx.database.db.approvalRequest.count({ where: { organizationId: fx.orgId } })) > 0
        ? true
        : undefined,
    );

    await fx.upstream.forgetSessions();
    await expect(client.callTool({ name: "echo", arguments: { message: "after" } })).rejects.toThrow(
      "Upstream unavailable: the upstream server ended this session",
    );
    // The held call is not lost: the agent is told to retry it once it is approved.
    expect(textOf(await held)).toMatch(
      /^Approval pending \(id [0-9a-f-]+\): a person must approve this call/,
    );
    await waitFor(() => fx.gw.gateway.sessions.size === 0); // the session has ended
    const next = await client
      .callTool({ name: "echo", arguments: { message: "again" } })
      .catch((error: unknown) => error);
    expect(next).toBeInstanceOf(StreamableHTTPError);
    expect((next as StreamableHTTPError).code).toBe(404);
    await client.close();
    const fresh = await fx.connect();
    expect(textOf(await fresh.callTool({ name: "echo", arguments: { message: "new" } }))).toBe("new");
    expect(fx.upstream.sessions()).toBe(1);
    await fresh.close();
  });
});
