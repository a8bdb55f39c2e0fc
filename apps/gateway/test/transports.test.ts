import { mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { encryptJson } from "@gatehouse/db/secrets";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  everythingEntry,
  type SpawnedServer,
  spawnEverything,
} from "@gatehouse/test-fixtures/spawn-server.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  SECRET_KEY,
  startGateway,
  testDatabase,
  textOf,
} from "./helpers/gateway.js";

const require = createRequire(import.meta.url);
const entryOf = (pkg: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");
const ALLOW = { version: "1", default: "allow" };

describe("every upstream transport, and the legacy SSE endpoint", () => {
  let database: TestDatabase;
  let sseUpstream: SpawnedServer;
  let httpUpstream: SpawnedServer;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  let workDir: string;

  beforeAll(async () => {
    [database, sseUpstream, httpUpstream] = await Promise.all([
      testDatabase(),
      spawnEverything("sse"),
      spawnEverything("streamableHttp"),
    ]);
    workDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-fs-"));
    await writeFile(path.join(workDir, "hello.txt"), "hello from the filesystem server");
    const db = database.db;
    const org = await seedOrganization(db);
    account = org.slug;
    const servers = [
      await seedServer(db, {
        organizationId: org.id,
        slug: "ev-sse",
        url: sseUpstream.url,
        transport: "sse",
      }),
      await seedServer(db, { organizationId: org.id, slug: "ev-http", url: httpUpstream.url }),
      await db.server.create({
        data: {
          organizationId: org.id,
          name: "everything stdio",
          slug: "ev-stdio",
          transport: "stdio",
          command: process.execPath,
          args: [everythingEntry(), "stdio"],
        },
      }),
      await db.server.create({
        data: {
          organizationId: org.id,
          name: "filesystem",
          slug: "fs",
          transport: "stdio",
          command: process.execPath,
          args: [entryOf("@modelcontextprotocol/server-filesystem"), workDir],
        },
      }),
      await db.server.create({
        data: {
          organizationId: org.id,
          name: "memory",
          slug: "memory",
          transport: "stdio",
          command: process.execPath,
          args: [entryOf("@modelcontextprotocol/server-memory")],
          envEnc: encryptJson({ MEMORY_FILE_PATH: path.join(workDir, "memory.jsonl") }, SECRET_KEY),
        },
      }),
    ];
    for (const server of servers) await seedPolicy(db, { serverId: server.id, document: ALLOW });
    ({ key } = await seedAgent(db, {
      organizationId: org.id,
      serverIds: servers.map((server) => server.id),
    }));
    gw = await startGateway(database.url);
  }, 90_000);

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([sseUpstream?.stop(), httpUpstream?.stop()]);
    await database?.close();
  });

  it.each(["ev-sse", "ev-stdio"])("relays server-everything over %s", async (slug) => {
    const client = await connectClient(mcpUrl(gw.base, account, slug), key);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("echo");
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: `via ${slug}` } }))).toContain(
      `via ${slug}`,
    );
    await client.close();
  });

  it("serves old clients on the legacy HTTP+SSE endpoint", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "ev-http", "sse"), key, { sse: true });
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "legacy" } }))).toContain(
      "legacy",
    );
    await client.close();
  });

  it("relays a server-to-client sampling request and its answer", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "ev-http"), key, {
      capabilities: { sampling: {} },
    });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      model: "test-model",
      role: "assistant",
      content: { type: "text", text: "sampled by the agent" },
    }));
    const result = await client.callTool({
      name: "trigger-sampling-request",
      arguments: { prompt: "say something", maxTokens: 10 },
    });
    expect(JSON.stringify(result)).toContain("sampled by the agent");
    await client.close();
  });

  it("relays server-filesystem and server-memory over stdio", async () => {
    const fs = await connectClient(mcpUrl(gw.base, account, "fs"), key);
    const read = await fs.callTool({
      name: "read_text_file",
      arguments: { path: path.join(workDir, "hello.txt") },
    });
    expect(textOf(read)).toContain("hello from the filesystem server");
    await fs.close();
    const memory = await connectClient(mcpUrl(gw.base, account, "memory"), key);
    await memory.callTool({
      name: "create_entities",
      arguments: { entities: [{ name: "gatehouse", entityType: "project", observations: ["guards MCP"] }] },
    });
    const graph = await memory.callTool({ name: "read_graph", arguments: {} });
    expect(textOf(graph)).toContain("guards MCP");
    await memory.close();
  });
});
