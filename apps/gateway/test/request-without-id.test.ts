import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { postToSession, sessionIdOf, textOf, waitFor } from "./helpers/gateway.js";

// A request method sent without an id is a JSON-RPC notification: it gets no answer, so the gateway cannot
// answer a refusal either — but it must never reach the upstream undecided (a tools/call the policy denies).
describe("request methods sent without an id", () => {
  const fx = withFixtureGateway({
    version: "1",
    default: "deny",
    tools: { echo: {}, deploy: { action: "deny" } },
  });

  it("never forwards them upstream, answers nothing, and audits them as denied", async () => {
    const client = await fx.connect();
    const sessionId = sessionIdOf(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "warm" } }))).toBe("warm");
    const upstreamRequests = fx.upstream.requests.length;
    const post = (body: unknown) => postToSession(fx.url, fx.key, sessionId, body);
    for (const name of ["deploy", "echo"]) {
      const response = await post({
        jsonrpc: "2.0",
        method: "tools/call",
        params: { name, arguments: { name: "prod", message: "sneaky" } },
      });
      expect(response.status).toBe(202);
      expect(await response.text()).toBe("");
    }
    expect((await post({ jsonrpc: "2.0", method: "resources/read", params: { uri: "x" } })).status).toBe(202);
    // A real notification still passes (the upstream sees one more request for it).
    expect((await post({ jsonrpc: "2.0", method: "notifications/roots/list_changed" })).status).toBe(202);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fx.upstream.requests.length).toBe(upstreamRequests + 1);
    expect(fx.upstream.calls).toEqual(["echo"]);
    const denied = await waitFor(async () => {
      const events = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, decision: "denied", sessionId },
        orderBy: { createdAt: "asc" },
      });
      return events.length >= 3 ? events : undefined;
    });
    expect(denied.map((event) => [event.method, event.tool])).toEqual([
      ["tools/call", "deploy"],
      ["tools/call", "echo"],
      ["resources/read", null],
    ]);
    expect(denied[0]?.reason).toMatch(/without an id/);
    expect(denied[0]?.argumentKeys).toEqual(["name", "message"]);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "after" } }))).toBe("after");
    await client.close();
  });
});
