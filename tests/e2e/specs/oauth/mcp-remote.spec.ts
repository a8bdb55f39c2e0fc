// mcp-remote (the stdio bridge Claude Desktop users run) signs in through a server's OAuth URL: it registers
// itself, prints the authorization URL (its browser step, driven here in Chromium), receives the code on its own
// loopback callback, and then relays a tool call from an MCP client on its stdio.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDbClient, type DbClient } from "@gatehouse/db";
import { seedMember, seedOrganization, seedPolicy, seedServer, seedUser } from "@gatehouse/db/seed";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { expect, test } from "@playwright/test";
import { PASSWORD, shot, textOf, unique } from "../dashboard/helpers.js";

const slug = unique("remote");
const email = `${slug}@example.com`;
const oauthUrl = `${process.env.E2E_GATEWAY_URL}/${slug}/fx/oauth/mcp`;
const MCP_REMOTE = join(
  createRequire(import.meta.url).resolve("mcp-remote/package.json"),
  "..",
  "dist/proxy.js",
);

let db: DbClient;
let upstream: RunningFixture;
let configDir: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  db = createDbClient(process.env.E2E_DATABASE_URL ?? "", { maxConnections: 1 });
  upstream = await startFixtureServer({ tools: basicTools() });
  configDir = await mkdtemp(join(tmpdir(), "gatehouse-mcp-remote-"));
  const user = await seedUser(db, { email, password: PASSWORD });
  const org = await seedOrganization(db, { slug, name: "Remote" });
  await seedMember(db, { organizationId: org.id, userId: user.id, role: "admin" });
  const server = await seedServer(db, {
    organizationId: org.id,
    slug: "fx",
    name: "Fixture",
    url: upstream.url,
  });
  await seedPolicy(db, {
    serverId: server.id,
    document: { version: "1", default: "deny", tools: { echo: {} } },
  });
});

test.afterAll(async () => {
  await upstream?.close();
  await db?.$disconnect();
  await rm(configDir, { recursive: true, force: true });
});

test("mcp-remote signs in with its browser step and relays a governed tool call", async ({ page }) => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_REMOTE, oauthUrl, String(await freePort())],
    // Its own browser opener does nothing here: Chromium, driven below, is the browser.
    env: { ...(process.env as Record<string, string>), MCP_REMOTE_CONFIG_DIR: configDir, BROWSER: "true" },
    stderr: "pipe",
  });
  let log = "";
  const authorizationUrl = new Promise<string>((resolve) => {
    transport.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const match = /Please authorize this client by visiting:\s+(\S+)/.exec(log);
      if (match?.[1]) resolve(match[1]);
    });
  });
  const client = new Client({ name: "claude-desktop-like", version: "1.0.0" });
  const connected = client.connect(transport);
  try {
    await page.goto(await authorizationUrl);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /Allow .* to use Fixture\?/ })).toBeVisible();
    await shot(page, "oauth-consent-mcp-remote");
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL(/localhost:\d+\/oauth\/callback/);
    await connected;
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["echo"]);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "via mcp-remote" } }))).toBe(
      "via mcp-remote",
    );
    const agent = await db.agent.findFirstOrThrow({
      where: {
        organizationId: (await db.organization.findUniqueOrThrow({ where: { slug } })).id,
        kind: "oauth",
      },
    });
    expect(agent.name).toContain(email);
  } catch (error: unknown) {
    console.log(`mcp-remote's log:\n${log}`);
    throw error;
  } finally {
    await client.close();
  }
});
