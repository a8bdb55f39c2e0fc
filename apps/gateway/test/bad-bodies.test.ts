import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { postToSession, sessionIdOf, textOf } from "./helpers/gateway.js";

// Bodies an agent gets wrong: each gets a clear JSON-RPC error, nothing reaches the upstream, and the session
// keeps working afterwards.
describe("malformed and oversized request bodies", () => {
  const fx = withFixtureGateway({ version: "1", default: "allow", tools: {} });

  it("answers 413, 400 parse errors and invalid JSON-RPC clearly, and the session goes on", async () => {
    const client = await fx.connect();
    const sessionId = sessionIdOf(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "warm" } }))).toBe("warm");
    await new Promise((resolve) => setTimeout(resolve, 200)); // the upstream's GET stream opens after initialize
    const upstreamRequests = fx.upstream.requests.length;
    const post = (body: string) => postToSession(fx.url, fx.key, sessionId, body);
    const message = { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "echo" } };

    const huge = JSON.stringify({
      ...message,
      params: { name: "echo", arguments: { message: "x".repeat(5e6) } },
    });
    const tooLarge = await post(huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32600, message: "Request body too large" },
      id: null,
    });

    const notJson = await post("{ not json");
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: number } }).error.code).toBe(-32700);

    const nullId = await post(JSON.stringify({ ...message, id: null }));
    expect(nullId.status).toBe(400);
    expect(await nullId.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32700, message: "Parse error: Invalid JSON-RPC message" },
      id: null,
    });

    expect(fx.upstream.requests.length).toBe(upstreamRequests);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "still here" } }))).toBe(
      "still here",
    );
    await client.close();
  });
  it("leaves no session behind for an initialize it refuses", async () => {
    const before = fx.gw.gateway.sessions.size;
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    };
    const refused = [
      { accept: "application/json", body: initialize },
      { accept: "application/json, text/event-stream", body: [initialize, { ...initialize, id: 2 }] },
    ];
    for (const { accept, body } of refused) {
      const response = await fetch(fx.url, {
        method: "POST",
        headers: { authorization: `Bearer ${fx.key}`, "content-type": "application/json", accept },
        body: JSON.stringify(body),
      });
      expect([400, 406]).toContain(response.status);
      expect(response.headers.get("mcp-session-id")).toBeNull();
    }
    expect(fx.gw.gateway.sessions.size).toBe(before);
  });
});
