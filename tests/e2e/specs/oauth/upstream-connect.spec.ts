// Issue 15's journey in real Chromium: register the MCP SDK's example OAuth server (a real OAuth-protected upstream)
// in the dashboard — OAuth is detected —, click Connect, sign in at its authorization server and come back
// connected, sync its tools with the connection, publish a policy, and call it through the gateway as an agent.

import { type SpawnedOAuthExample, spawnOAuthExample } from "@gatehouse/test-fixtures/spawn-oauth-example.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect, test } from "@playwright/test";
import { connectAgent, createAccount, shot, signUp, textOf, unique } from "../dashboard/helpers.js";

let upstream: SpawnedOAuthExample;
let client: Client | undefined;

test.beforeAll(async () => {
  upstream = await spawnOAuthExample();
});

test.afterAll(async () => {
  await client?.close().catch(() => undefined);
  await upstream?.stop();
});

test("register an OAuth-only server, connect it, sync and call it through the gateway", async ({ page }) => {
  const slug = unique("oauthup");
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "OAuth upstream", slug);

  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Name").fill("Demo OAuth");
  await page.getByLabel("Slug").fill("demo");
  await page.getByLabel("URL").fill(upstream.url);
  await shot(page, "oauth-upstream-register");
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/demo`));
  const panel = page.getByTestId("upstream-connection");
  await expect(panel).toContainText("Not connected");
  await expect(panel).toContainText("asks for OAuth sign-in");
  await shot(page, "oauth-upstream-not-connected");

  // Sync says what to do before the connection exists.
  await page.getByRole("button", { name: "Sync tools" }).click();
  await expect(page.getByText(/connect it first/)).toBeVisible();

  // Connect: the browser goes to the upstream's authorization server and comes back to /oauth/callback.
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/demo\\?connected=demo`));
  await expect(panel).toContainText("Connected");
  await expect(panel).toContainText("mcp:tools");
  await expect(page.getByRole("heading", { name: "Demo OAuth" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await shot(page, "oauth-upstream-connected");

  await page.getByRole("button", { name: "Sync tools" }).click();
  await expect(page.getByText(/Synced \d+ tools/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("tool-greet")).toBeVisible();

  await page.getByRole("link", { name: "Policy" }).click();
  await page.getByRole("tab", { name: "JSON" }).click();
  await page
    .getByLabel("Policy JSON")
    .fill(
      '{"version": "1", "default": "allow", "tools": {"multi-greet": {"action": "deny", "reason": "One greeting is enough"}}}',
    );
  await expect(page.getByText("Valid policy.")).toBeVisible();
  await page.getByRole("button", { name: "Publish…" }).click();
  await page.getByLabel("Comment").fill("OAuth upstream");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText(/Published version 1/)).toBeVisible();

  await page.goto(`/${slug}/agents`);
  await page.getByLabel("Agent name").fill("oauth-agent");
  await page.getByRole("button", { name: "Create agent and key" }).click();
  const key = (await page.getByTestId("agent-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^gate_ak_/);

  client = await connectAgent(`${process.env.E2E_GATEWAY_URL}/${slug}/demo/mcp`, key);
  // A publish reaches the gateway within a second (DESIGN §5).
  await expect
    .poll(async () => (await client?.listTools())?.tools.map((tool) => tool.name), { timeout: 5_000 })
    .toEqual(expect.arrayContaining(["greet", "multi-greet"]));
  expect(textOf(await client.callTool({ name: "greet", arguments: { name: "Gatehouse" } }))).toContain(
    "Gatehouse",
  );
  const denied = await client.callTool({ name: "multi-greet", arguments: { name: "x" } });
  expect(denied.isError).toBe(true);
  expect(textOf(denied)).toBe("Denied by policy: One greeting is enough");

  // Disconnect deletes the tokens: the agent is told where to connect.
  await page.goto(`/${slug}/servers/demo`);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(panel).toContainText("Not connected");
  await client.close();
  client = undefined;
  // The gateways hear of the change within a second; a session opened after that is answered by the gateway.
  await expect
    .poll(async () => {
      // A session opened just as the change arrives is ended by it: that attempt counts as not yet.
      const fresh = await connectAgent(`${process.env.E2E_GATEWAY_URL}/${slug}/demo/mcp`, key).catch(
        () => undefined,
      );
      try {
        return fresh ? textOf(await fresh.callTool({ name: "greet", arguments: { name: "again" } })) : "";
      } catch {
        return "";
      } finally {
        await fresh?.close();
      }
    })
    .toContain(
      `Upstream authorization required: connect Demo OAuth in Gatehouse (${process.env.E2E_WEB_URL}/${slug}/servers/demo)`,
    );
  await shot(page, "oauth-upstream-disconnected");
});
