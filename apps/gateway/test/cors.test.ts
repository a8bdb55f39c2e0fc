/**
 * A browser client (as the MCP Inspector's direct mode is): a page in real Chromium, served from an origin of its
 * own, opens an MCP session with fetch — a preflight, initialize, reading `Mcp-Session-Id`, tools/list — against
 * server-everything directly (it allows any origin, as the Inspector expects) and through the gateway, which allows
 * the origins of its allowed hosts and those of GATEWAY_CORS_ORIGINS.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";
import { seedServerAccount } from "./helpers/server-account.js";

/** What the page's script learnt of one MCP endpoint, or where it failed. */
interface BrowserSession {
  sessionId?: string | null;
  protocolVersion?: string | null;
  tools?: string[];
  failed?: string;
}

/** Runs in the page: an MCP session over fetch, answers read from JSON or from the SSE stream. */
async function openSession(args: { url: string; key?: string }): Promise<BrowserSession> {
  const base: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...(args.key ? { authorization: `Bearer ${args.key}` } : {}),
  };
  const read = async (response: Response) => {
    const text = await response.text();
    const data = text.startsWith("{") ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? "null");
    return JSON.parse(data) as { result?: Record<string, unknown> };
  };
  try {
    const init = await fetch(args.url, {
      method: "POST",
      headers: base,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "page", version: "1" },
        },
      }),
    });
    const sessionId = init.headers.get("mcp-session-id");
    await read(init);
    const session = { ...base, "mcp-session-id": sessionId ?? "", "mcp-protocol-version": "2025-06-18" };
    await fetch(args.url, {
      method: "POST",
      headers: session,
      body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
    });
    const listed = await read(
      await fetch(args.url, {
        method: "POST",
        headers: session,
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }),
      }),
    );
    const tools = (listed.result?.tools as { name: string }[] | undefined)?.map((tool) => tool.name);
    await fetch(args.url, { method: "DELETE", headers: session });
    return { sessionId, protocolVersion: init.headers.get("mcp-protocol-version"), tools: tools ?? [] };
  } catch (error: unknown) {
    return { failed: String(error) };
  }
}

describe("a browser client, directly and through the gateway", () => {
  let database: TestDatabase;
  let upstream: SpawnedServer;
  let page: HttpServer;
  let pagePort = 0;
  let browser: Browser;
  let account: string;
  let key: string;
  const gateways: RunningGateway[] = [];

  /** A page of `host` (resolved to 127.0.0.1 by Chromium) that runs openSession against `target`. */
  async function fromPage(host: string, target: { url: string; key?: string }): Promise<BrowserSession> {
    const tab: Page = await browser.newPage();
    try {
      await tab.goto(`http://${host}:${pagePort}/`);
      return await tab.evaluate(openSession, target);
    } finally {
      await tab.close();
    }
  }

  beforeAll(async () => {
    [database, upstream, browser] = await Promise.all([
      testDatabase(),
      spawnEverything("streamableHttp"),
      chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: ["--host-resolver-rules=MAP inspector.test 127.0.0.1"],
      }),
    ]);
    page = createServer((_req, res) => res.end("<!doctype html><title>client</title>"));
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    pagePort = (page.address() as AddressInfo).port;
    ({ account, key } = await seedServerAccount(database.db, {
      slug: "everything",
      url: upstream.url,
      policy: { version: "1", default: "allow" },
    }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await new Promise((resolve) => page?.close(resolve));
    await upstream?.stop();
    await database?.close();
  });

  async function gateway(corsOrigins?: string[]): Promise<string> {
    const gw = await startGateway(database.url, corsOrigins ? { corsOrigins } : {});
    gateways.push(gw);
    return mcpUrl(gw.base, account, "everything").href;
  }

  it("opens a session from an origin GATEWAY_CORS_ORIGINS names, as it does directly", async () => {
    const origin = `http://inspector.test:${pagePort}`;
    const url = await gateway([origin]);
    const direct = await fromPage("inspector.test", { url: upstream.url });
    const gated = await fromPage("inspector.test", { url, key });
    expect(direct.failed).toBeUndefined();
    expect(direct.sessionId).toBeTruthy();
    expect(gated.failed).toBeUndefined();
    expect(gated.sessionId).toBeTruthy();
    expect(gated.tools).toEqual(direct.tools);
    expect((gated.tools ?? []).length).toBeGreaterThan(3);
  }, 60_000);

  it("allows the origins of its allowed hosts by default, and no other", async () => {
    const url = await gateway();
    const local = await fromPage("localhost", { url, key });
    expect(local.failed).toBeUndefined();
    expect(local.sessionId).toBeTruthy();
    expect(local.tools).toEqual((await fromPage("localhost", { url: upstream.url })).tools);
    const foreign = await fromPage("inspector.test", { url, key });
    expect(foreign.failed).toMatch(/Failed to fetch/);
  }, 60_000);
});
