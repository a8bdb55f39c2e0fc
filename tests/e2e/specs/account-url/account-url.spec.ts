// Issue 20's dashboard side in real Chromium: the account URL and each client's configuration on the overview, the
// Agents page, an agent's page and a new key; an agent's page previews what it sees through the account URL — every tool with its
// server, its listed name and its decision — and a real MCP client (the SDK's) on that URL lists exactly the
// previewed tools, by the previewed names, and gets the previewed decisions. Two upstreams: server-everything and
// our fixture with a dotted and an over-long tool name; the agent runs under a named policy on one of them.
import { type RunningFixture, startFixtureServer } from "@gatehouse/test-fixtures/fixture-server.js";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect, type Page, test } from "@playwright/test";
import { connectAgent, createAccount, shot, signUp, textOf, unique } from "../dashboard/helpers.js";
import { checkNoOverflow, previewRows, RestSession, type TPreviewRow } from "./account-url-steps.js";

test.describe.configure({ mode: "serial" });

const LONG_TOOL = `summarise_${"quarterly_".repeat(6)}report`;
const slug = unique("acctweb");
const gateway = process.env.E2E_GATEWAY_URL ?? "";
const accountUrl = () => `${gateway}/${slug}/mcp`;
let everything: SpawnedServer;
let fixture: RunningFixture;
let client: Client | undefined;
let agentKey = "";
let agentId = "";
// One signed-in page for both steps of the journey.
let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  everything = await spawnEverything("streamableHttp");
  const schema = { type: "object" as const, properties: {} };
  fixture = await startFixtureServer({
    tools: [
      { definition: { name: "echo", description: "Echoes its message", inputSchema: schema } },
      { definition: { name: "deploy", description: "Deploys something", inputSchema: schema } },
      { definition: { name: "headers", description: "Shows request headers", inputSchema: schema } },
      { definition: { name: "files.read", description: "Reads a file", inputSchema: schema } },
      { definition: { name: LONG_TOOL, description: "Summarises a report", inputSchema: schema } },
    ].map((tool) => ({
      ...tool,
      handler: () => ({ content: [{ type: "text" as const, text: `ran ${tool.definition.name}` }] }),
    })),
  });
});

test.afterAll(async () => {
  await client?.close().catch(() => undefined);
  await page?.close();
  await fixture?.close();
  await everything?.stop();
});

async function openTab(name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
}

test("the account URL and ready client configurations on the overview, the Agents page and a new key", async () => {
  test.setTimeout(300_000);
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Acme", slug);

  // The overview: the account URL and each client's configuration, from the Connect tab's own component.
  const card = page.getByTestId("account-url");
  await expect(card.getByTestId("account-key-url")).toHaveText(accountUrl());
  const overviewConfig = card.locator("pre");
  await expect(overviewConfig).toContainText(`"mcp-remote",\n          "${accountUrl()}"`);
  await openTab("Cursor");
  await expect(overviewConfig).toContainText(`"url": "${accountUrl()}"`);
  await openTab("Claude Code");
  await expect(overviewConfig).toContainText(`claude mcp add --transport http ${slug} ${accountUrl()}`);
  await shot(page, "account-url-overview");

  // Two servers, synced, each with its default policy published; a named policy on the fixture.
  const rest = new RestSession(page, slug);
  const everythingId = await rest.registerAndSync("Everything", "everything", everything.url);
  const fixtureId = await rest.registerAndSync("Fixture", "fx", fixture.url);
  await rest.publish(everythingId, undefined, {
    version: "1",
    default: "deny",
    tools: { echo: {}, "get-sum": { action: "deny", reason: "Sums are done by finance" } },
    hide: ["get-env"],
  });
  await rest.publish(fixtureId, undefined, { version: "1", default: "allow" });
  const careful = await rest.createPolicy(fixtureId, "careful");
  await rest.publish(fixtureId, careful, {
    version: "1",
    default: "deny",
    tools: { echo: {}, "files.read": {}, [LONG_TOOL]: { action: "require_approval" } },
    hide: ["headers"],
  });

  // The Agents page: the account URL for everyone, and a new key with its ready configuration.
  await page.goto(`/${slug}/agents`);
  await expect(page.getByTestId("account-key-url")).toHaveText(accountUrl());
  await page.getByLabel("Agent name").fill("laptop");
  await page.getByLabel("Everything").check();
  await page.getByLabel("Fixture").check();
  await page.getByRole("button", { name: "Create agent and key" }).click();
  agentKey = (await page.getByTestId("agent-key").textContent())?.trim() ?? "";
  expect(agentKey).toMatch(/^gate_ak_/);
  const config = page.getByTestId("new-key-account-url");
  await expect(config).toContainText(accountUrl());
  await config.getByRole("tab", { name: "Cursor" }).click();
  await expect(config).toContainText(`"url": "${accountUrl()}"`);
  await expect(config).toContainText(`"Authorization": "Bearer ${agentKey}"`);
  await shot(page, "account-url-new-key");
  await page.setViewportSize({ width: 390, height: 844 });
  await checkNoOverflow(page);
  await shot(page, "mobile-account-url-new-key");
  await page.setViewportSize({ width: 1280, height: 720 });

  // The REST API returns it with the agent, listed and fetched; the agent runs under "careful" on the fixture.
  const listed = await rest.get<{ agents: Array<{ id: string; name: string; accountUrl: string }> }>(
    "/agents",
  );
  const laptop = listed.agents.find((agent) => agent.name === "laptop");
  expect(laptop?.accountUrl).toBe(accountUrl());
  agentId = laptop?.id ?? "";
  expect((await rest.get<{ accountUrl: string }>(`/agents/${agentId}`)).accountUrl).toBe(accountUrl());
  await rest.patch(`/agents/${agentId}`, {
    servers: [{ serverId: everythingId }, { serverId: fixtureId, policyId: careful }],
  });
});

test("an agent's page previews what a real MCP client sees and gets through the account URL", async () => {
  test.setTimeout(300_000);
  await page.goto(`/${slug}/agents/${agentId}`);
  await expect(page.getByTestId("agent-account-url")).toHaveText(accountUrl());
  const rows = await previewRows(page);
  const listed = rows.filter((row) => row.listed);
  const byName = new Map(listed.map((row) => [row.accountName, row]));
  // The rule, visibly: plain names joined, a dotted one made safe, an over-long one cut and hashed, hidden ones out.
  expect(byName.get("everything__echo")).toMatchObject({
    server: "everything",
    tool: "echo",
    effect: "allow",
  });
  expect(byName.get("fx__files_read")).toMatchObject({ server: "fx", tool: "files.read", effect: "allow" });
  const long = listed.find((row) => row.tool === LONG_TOOL);
  expect(long?.accountName).toMatch(/^fx__summarise_quarterly_[A-Za-z0-9_-]+_[0-9a-f]{8}$/);
  expect(long?.accountName.length).toBeLessThanOrEqual(64);
  expect(long?.effect).toBe("require_approval");
  expect(rows.find((row) => row.tool === "headers")).toMatchObject({ listed: false, effect: "hidden" });
  expect(rows.find((row) => row.tool === "get-env")).toMatchObject({ listed: false, effect: "hidden" });
  // A default of deny hides what no entry names; an entry that denies keeps the tool listed, refused with a reason.
  expect(rows.find((row) => row.server === "fx" && row.tool === "deploy")).toMatchObject({
    listed: false,
    effect: "hidden",
  });
  expect(byName.get("everything__get-sum")).toMatchObject({ effect: "deny" });
  await shot(page, "account-url-agent-preview");
  await page.setViewportSize({ width: 390, height: 844 });
  await checkNoOverflow(page);
  await shot(page, "mobile-account-url-agent-preview");

  // A real client through the account URL lists exactly the previewed tools, by the previewed names.
  client = await connectAgent(accountUrl(), agentKey);
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const listing = await client.listTools(cursor ? { cursor } : {});
    names.push(...listing.tools.map((tool) => tool.name));
    cursor = listing.nextCursor;
  } while (cursor);
  expect(names.sort()).toEqual(listed.map((row) => row.accountName).sort());

  // And gets the previewed decisions: allowed tools answer, denied ones are refused with the policy's reason.
  expect(textOf(await client.callTool({ name: "fx__echo", arguments: {} }))).toBe("ran echo");
  const denied = listed.filter((row: TPreviewRow) => row.effect === "deny");
  expect(denied.length).toBeGreaterThan(0);
  for (const row of denied) {
    const result = await client.callTool({ name: row.accountName, arguments: { a: 1, b: 2 } });
    expect(result.isError, row.accountName).toBe(true);
    expect(textOf(result)).toContain("Sums are done by finance");
  }
});
