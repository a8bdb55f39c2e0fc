/**
 * The account URL (issue 20) with real parts: server-everything over Streamable HTTP, server-filesystem and
 * server-memory over stdio, behind `/{account}/mcp`, driven by the SDK's client — lists and calls of every server
 * under its own policy, resources, prompts and completion, server→client requests, list_changed after a publish,
 * agents with different scopes, and an upstream killed mid-session.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { encryptJson } from "@gatehouse/db/secrets";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import {
  everythingEntry,
  type SpawnedServer,
  spawnHttpServer,
} from "@gatehouse/test-fixtures/spawn-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  type RunningGateway,
  SECRET_KEY,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";

const require = createRequire(import.meta.url);
const entryOf = (pkg: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");
const ALLOW = { version: "1", default: "allow" };
const MEMORY_POLICY = {
  version: "1",
  default: "allow",
  hide: ["open_nodes"],
  tools: {
    delete_entities: { action: "deny", reason: "memories are kept" },
    add_observations: { action: "require_approval", approval: { timeout: 120, hold: 2 } },
  },
};
const VALID_NAME = /^[A-Za-z0-9_-]{1,64}$/;

describe("the account URL: every server an agent may use behind one endpoint", () => {
  let database: TestDatabase;
  let everything: SpawnedServer;
  let spare: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let keyAll: string;
  let keyMemory: string;
  let memoryServerId: string;
  let memoryAgentId: string;
  let filesystemServerId: string;
  let workDir: string;
  let client: Client;
  const accountUrl = () => new URL(`${gw.base}/${account}/mcp`);

  beforeAll(async () => {
    [database, everything, spare] = await Promise.all([
      testDatabase(),
      // server-everything takes more than the default 20 s to start on a loaded machine.
      spawnHttpServer(everythingEntry(), ["streamableHttp"], "/mcp", { timeoutMs: 60_000 }),
      startFixtureServer({ tools: basicTools() }),
    ]);
    workDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-account-"));
    await writeFile(path.join(workDir, "hello.txt"), "hello through the account URL");
    const db = database.db;
    const org = await seedOrganization(db);
    account = org.slug;
    const ev = await seedServer(db, { organizationId: org.id, slug: "everything", url: everything.url });
    const sp = await seedServer(db, { organizationId: org.id, slug: "spare", url: spare.url });
    const fs = await db.server.create({
      data: {
        organizationId: org.id,
        name: "Filesystem",
        slug: "filesystem",
        transport: "stdio",
        command: process.execPath,
        args: [entryOf("@modelcontextprotocol/server-filesystem"), workDir],
      },
    });
    const memory = await db.server.create({
      data: {
        organizationId: org.id,
        name: "Memory",
        slug: "memory",
        transport: "stdio",
        command: process.execPath,
        args: [entryOf("@modelcontextprotocol/server-memory")],
        envEnc: encryptJson({ MEMORY_FILE_PATH: path.join(workDir, "memory.jsonl") }, SECRET_KEY),
      },
    });
    memoryServerId = memory.id;
    for (const server of [ev, sp, fs]) await seedPolicy(db, { serverId: server.id, document: ALLOW });
    await seedPolicy(db, { serverId: memory.id, document: MEMORY_POLICY });
    ({ key: keyAll } = await seedAgent(db, {
      organizationId: org.id,
      serverIds: [ev.id, sp.id, fs.id, memory.id],
    }));
    // The second agent runs under a policy of its own choice on memory: only read_graph.
    const readOnly = await seedPolicy(db, {
      serverId: memory.id,
      name: "read-only",
      document: { version: "1", default: "deny", tools: { read_graph: {} } },
    });
    let memoryAgent: { id: string };
    ({ key: keyMemory, agent: memoryAgent } = await seedAgent(db, {
      organizationId: org.id,
      serverIds: [memory.id],
      policyIds: { [memory.id]: readOnly.id },
      name: "m",
    }));
    memoryAgentId = memoryAgent.id;
    filesystemServerId = fs.id;
    gw = await startGateway(database.url);
    client = await connectClient(accountUrl(), keyAll, {
      capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } },
    });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: [{ uri: "file:///work/account", name: "account" }],
    }));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await Promise.all([everything?.stop(), spare?.close()]);
    await database?.close();
  });

  it("offers the union of capabilities and lists every server's tools under valid, mapped names", async () => {
    expect(client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      prompts: {},
      resources: { subscribe: true },
    });
    expect(client.getInstructions() ?? "").toMatch(/everything__/);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    for (const name of names) expect(name).toMatch(VALID_NAME);
    expect(names).toEqual(
      expect.arrayContaining([
        "everything__echo",
        "spare__echo",
        "filesystem__read_text_file",
        "memory__read_graph",
        "memory__add_observations",
      ]),
    );
    // Each server's own policy filters its part of the list: memory's hidden tool is not shown.
    expect(names).not.toContain("memory__open_nodes");
    expect(names).toContain("memory__delete_entities");
  });

  it("calls each server's tools, mapped back to their own names", async () => {
    const echo = await client.callTool({ name: "everything__echo", arguments: { message: "one URL" } });
    expect(textOf(echo)).toContain("one URL");
    const read = await client.callTool({
      name: "filesystem__read_text_file",
      arguments: { path: path.join(workDir, "hello.txt") },
    });
    expect(textOf(read)).toContain("hello through the account URL");
    await client.callTool({
      name: "memory__create_entities",
      arguments: { entities: [{ name: "gatehouse", entityType: "project", observations: ["one URL"] }] },
    });
    expect(textOf(await client.callTool({ name: "memory__read_graph", arguments: {} }))).toContain("one URL");
    await expect(client.callTool({ name: "nobody__echo", arguments: {} })).rejects.toThrow(/nobody__echo/);
  });

  it("lists and reads resources and templates, and gets and completes prompts", async () => {
    const { resources } = await client.listResources();
    const first = resources.find((resource) => resource.uri.startsWith("gatehouse://everything/demo://"));
    expect(first).toBeDefined();
    const read = await client.readResource({ uri: first?.uri ?? "" });
    expect(read.contents[0]?.uri).toBe(first?.uri);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toContain(
      "gatehouse://everything/demo://resource/dynamic/text/{resourceId}",
    );
    const expanded = await client.readResource({
      uri: "gatehouse://everything/demo://resource/dynamic/text/1",
    });
    expect(expanded.contents[0]?.uri).toBe("gatehouse://everything/demo://resource/dynamic/text/1");
    const prompts = (await client.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(prompts).toContain("everything__simple-prompt");
    const prompt = await client.getPrompt({ name: "everything__simple-prompt" });
    expect(prompt.messages.length).toBeGreaterThan(0);
    const completion = await client.complete({
      ref: { type: "ref/prompt", name: "everything__completable-prompt" },
      argument: { name: "department", value: "E" },
    });
    expect(completion.completion.values).toEqual(["Engineering"]);
  });

  it("denies and holds calls on one server while another server's calls go on", async () => {
    const denied = await client.callTool({
      name: "memory__delete_entities",
      arguments: { entityNames: ["x"] },
    });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toContain("memories are kept");
    const startedAt = Date.now();
    const held = client.callTool({
      name: "memory__add_observations",
      arguments: { observations: [{ entityName: "gatehouse", contents: ["held"] }] },
    });
    const echo = await client.callTool({ name: "everything__echo", arguments: { message: "meanwhile" } });
    expect(textOf(echo)).toContain("meanwhile");
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(textOf(await held)).toMatch(/^Approval pending/);
  });

  it("relays sampling and elicitation from one upstream, and the agent's answers back to it", async () => {
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      model: "test-model",
      role: "assistant",
      content: { type: "text", text: "sampled through the account URL" },
    }));
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: "accept",
      content: { name: "Ada" },
    }));
    const sampled = await client.callTool({
      name: "everything__trigger-sampling-request",
      arguments: { prompt: "say something", maxTokens: 10 },
    });
    expect(JSON.stringify(sampled)).toContain("sampled through the account URL");
    const elicited = await client.callTool({
      name: "everything__trigger-elicitation-request",
      arguments: {},
    });
    expect(JSON.stringify(elicited)).toContain("Ada");
  });

  it("relays progress and roots, and resource links readable through the same URL", async () => {
    const progress: number[] = [];
    await client.callTool(
      { name: "everything__trigger-long-running-operation", arguments: { duration: 1, steps: 3 } },
      undefined,
      { onprogress: (note) => progress.push(note.progress) },
    );
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const roots = await client.callTool({ name: "everything__get-roots-list", arguments: {} });
    expect(textOf(roots)).toContain("file:///work/account");
    const links = await client.callTool({ name: "everything__get-resource-links", arguments: { count: 1 } });
    const link = (links.content as { type: string; uri?: string }[]).find(
      (block) => block.type === "resource_link",
    );
    expect(link?.uri).toMatch(/^gatehouse:\/\/everything\/demo:\/\//);
    const read = await client.readResource({ uri: link?.uri ?? "" });
    expect(read.contents[0]?.uri).toBe(link?.uri);
  });

  it("relays log messages, named by their server, and the updates of a resource subscription", async () => {
    const loggers: string[] = [];
    const updated: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (note) => {
      loggers.push(note.params.logger ?? "");
    });
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (note) => {
      updated.push(note.params.uri);
    });
    await client.setLoggingLevel("debug");
    const { resources } = await client.listResources();
    const uri = resources.find((resource) => resource.uri.startsWith("gatehouse://everything/"))?.uri ?? "";
    await client.subscribeResource({ uri });
    await client.callTool({ name: "everything__toggle-simulated-logging", arguments: {} });
    await client.callTool({ name: "everything__toggle-subscriber-updates", arguments: {} });
    await waitFor(() => loggers.length > 0 && updated.length > 0, 12_000);
    expect(updated).toContain(uri);
    expect(loggers[0]).toMatch(/^everything/);
    await client.callTool({ name: "everything__toggle-simulated-logging", arguments: {} });
    await client.callTool({ name: "everything__toggle-subscriber-updates", arguments: {} });
    await client.unsubscribeResource({ uri });
  }, 20_000);

  it("shows an agent only the servers of its scope, under the policy it chose for each, and follows its scope", async () => {
    const other = await connectClient(accountUrl(), keyMemory);
    expect((await other.listTools()).tools.map((tool) => tool.name)).toEqual(["memory__read_graph"]);
    await expect(other.callTool({ name: "everything__echo", arguments: { message: "x" } })).rejects.toThrow(
      /everything__echo/,
    );
    let changed = 0;
    other.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    await database.db.agentServer.create({ data: { agentId: memoryAgentId, serverId: filesystemServerId } });
    await waitFor(() => changed > 0, 10_000);
    const widened = (await other.listTools()).tools.map((tool) => tool.name);
    expect(widened).toContain("filesystem__read_text_file");
    expect(widened).toContain("memory__read_graph");
    await other.close();
  });

  it("tells the agent its list changed after a publish on one of its servers", async () => {
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    await seedPolicy(database.db, {
      serverId: memoryServerId,
      document: { ...MEMORY_POLICY, hide: ["open_nodes", "read_graph"] },
    });
    await waitFor(() => changed > 0, 10_000);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain("memory__read_graph");
    expect(names).toContain("everything__echo");
  });

  it("contains an upstream killed mid-session: left out of the list, its calls refused, the others go on", async () => {
    await spare.close();
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain("spare__echo");
    expect(names).toContain("everything__echo");
    expect(names).toContain("filesystem__read_text_file");
    await expect(client.callTool({ name: "spare__echo", arguments: { message: "x" } })).rejects.toThrow(
      /Upstream unavailable: spare/,
    );
    const echo = await client.callTool({ name: "everything__echo", arguments: { message: "still here" } });
    expect(textOf(echo)).toContain("still here");
  });
});
