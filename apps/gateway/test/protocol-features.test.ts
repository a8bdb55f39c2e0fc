/**
 * The rest of the protocol through the gateway, against server-everything over Streamable HTTP, with the SDK's
 * client: completion, logging, resource subscriptions (notifications on the GET stream), roots and their changes,
 * elicitation in form and URL mode (the request path and the -32042 error path).
 */
import type { TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
  ResourceUpdatedNotificationSchema,
  type Root,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { seedServerAccount } from "./helpers/server-account.js";

describe("the protocol's features through the gateway (server-everything)", () => {
  let database: TestDatabase;
  let upstream: SpawnedServer;
  let gw: RunningGateway;
  let client: Client;
  let roots: Root[] = [{ uri: "file:///work/first", name: "first" }];
  const elicitations: { mode: string; message: string }[] = [];

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), spawnEverything("streamableHttp")]);
    const { account, key } = await seedServerAccount(database.db, {
      slug: "everything",
      url: upstream.url,
      policy: { version: "1", default: "allow" },
    });
    gw = await startGateway(database.url);
    client = await connectClient(mcpUrl(gw.base, account, "everything"), key, {
      capabilities: { roots: { listChanged: true }, elicitation: { form: {}, url: {} } },
    });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots }));
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      const mode = request.params.mode ?? "form";
      elicitations.push({ mode, message: request.params.message });
      return mode === "url" ? { action: "accept" } : { action: "accept", content: { name: "Ada" } };
    });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await upstream?.stop();
    await database?.close();
  });

  it("completes prompt arguments, with the context of earlier ones", async () => {
    const ref = { type: "ref/prompt" as const, name: "completable-prompt" };
    const departments = await client.complete({ ref, argument: { name: "department", value: "E" } });
    expect(departments.completion.values).toEqual(["Engineering"]);
    const names = await client.complete({
      ref,
      argument: { name: "name", value: "" },
      context: { arguments: { department: "Sales" } },
    });
    expect(names.completion.values).toEqual(["David", "Eve", "Frank"]);
  });

  it("relays log messages at the level the agent set, and resource updates on the GET stream", async () => {
    const logs: string[] = [];
    const updated: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      logs.push(notification.params.level);
    });
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updated.push(notification.params.uri);
    });
    await client.setLoggingLevel("debug");
    const { resources } = await client.listResources();
    const uri = resources[0]?.uri ?? "";
    await client.subscribeResource({ uri });
    await client.callTool({ name: "toggle-simulated-logging", arguments: {} });
    await client.callTool({ name: "toggle-subscriber-updates", arguments: {} });
    await waitFor(() => logs.length > 0 && updated.length > 0, 12_000);
    expect(updated).toContain(uri);
    await client.callTool({ name: "toggle-simulated-logging", arguments: {} });
    await client.callTool({ name: "toggle-subscriber-updates", arguments: {} });
    await client.unsubscribeResource({ uri });
  }, 20_000);

  it("answers the upstream's roots/list, again after the agent says its roots changed", async () => {
    expect(textOf(await client.callTool({ name: "get-roots-list", arguments: {} }))).toContain(
      "file:///work/first",
    );
    roots = [{ uri: "file:///work/second", name: "second" }];
    await client.sendRootsListChanged();
    await waitFor(async () => {
      const text = textOf(await client.callTool({ name: "get-roots-list", arguments: {} }));
      return text.includes("file:///work/second") && !text.includes("file:///work/first");
    });
  });

  it("relays elicitation in form mode and in URL mode, by request and by the -32042 error", async () => {
    const form = await client.callTool({ name: "trigger-elicitation-request", arguments: {} });
    expect(textOf(form)).toContain("Ada");
    const url = "https://example.com/authorize";
    const byRequest = await client.callTool({ name: "trigger-url-elicitation", arguments: { url } });
    expect(byRequest.isError).toBeFalsy();
    expect(elicitations.map((elicitation) => elicitation.mode)).toEqual(["form", "url"]);

    const byError = await client
      .callTool({ name: "trigger-url-elicitation", arguments: { url, errorPath: true } })
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(byError).toBeInstanceOf(McpError);
    expect((byError as McpError).code).toBe(-32042);
    const data = (byError as McpError).data as { elicitations?: { url: string; mode: string }[] };
    expect(data.elicitations).toEqual([
      expect.objectContaining({ mode: "url", url: expect.stringMatching(/^https:/) }),
    ]);
  });
});
