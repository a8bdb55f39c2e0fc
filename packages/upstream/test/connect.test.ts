import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  everythingEntry,
  type SpawnedServer,
  spawnEverything,
} from "@gatehouse/test-fixtures/spawn-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMcpClient, isUpstreamError, listAllTools } from "../src/index.js";

describe("connectMcpClient", () => {
  let http: SpawnedServer;
  let sse: SpawnedServer;

  beforeAll(async () => {
    [http, sse] = await Promise.all([spawnEverything("streamableHttp"), spawnEverything("sse")]);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([http?.stop(), sse?.stop()]);
  });

  it("lists every tool of server-everything over Streamable HTTP", async () => {
    const client = await connectMcpClient(
      { transport: "streamable_http", url: http.url },
      { allowPrivate: true, allowStdio: false },
    );
    const tools = await listAllTools(client);
    expect(tools.map((tool) => tool.name)).toContain("echo");
    await client.close();
  });

  it("lists every tool over legacy SSE", async () => {
    const client = await connectMcpClient(
      { transport: "sse", url: sse.url },
      { allowPrivate: true, allowStdio: false },
    );
    expect((await listAllTools(client)).length).toBeGreaterThan(3);
    await client.close();
  });

  it("lists every tool over stdio when stdio is allowed", async () => {
    const client = await connectMcpClient(
      { transport: "stdio", command: process.execPath, args: [everythingEntry(), "stdio"] },
      { allowPrivate: false, allowStdio: true },
    );
    expect((await listAllTools(client)).map((tool) => tool.name)).toContain("echo");
    await client.close();
  });

  it("refuses stdio unless allowed, and loopback unless private upstreams are allowed", async () => {
    const stdio = await connectMcpClient(
      { transport: "stdio", command: "true" },
      { allowPrivate: true, allowStdio: false },
    ).catch((e: unknown) => e);
    expect(isUpstreamError(stdio) && stdio.code).toBe("stdio_not_allowed");
    const loopback = await connectMcpClient(
      { transport: "streamable_http", url: http.url },
      { allowPrivate: false, allowStdio: false },
    ).catch((e: unknown) => e);
    expect(isUpstreamError(loopback) && loopback.code).toBe("private_address");
  });

  it("does not follow redirects", async () => {
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: http.url }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    const { port } = redirector.address() as AddressInfo;
    const error = await connectMcpClient(
      { transport: "streamable_http", url: `http://127.0.0.1:${port}/mcp` },
      { allowPrivate: true, allowStdio: false, timeoutMs: 5000 },
    ).catch((e: unknown) => e);
    redirector.close();
    expect(isUpstreamError(error) && error.code).toBe("connect_failed");
  });

  it("reports a refused connection clearly", async () => {
    const error = await connectMcpClient(
      { transport: "streamable_http", url: "http://127.0.0.1:1/mcp" },
      { allowPrivate: true, allowStdio: false, timeoutMs: 5000 },
    ).catch((e: unknown) => e);
    expect(isUpstreamError(error) && error.code).toBe("connect_failed");
  });
});
