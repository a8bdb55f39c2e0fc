// Issue 5's journey in real Chromium: sign up → account → register server-everything → sync → build the policy
// visually → publish → agent key → an MCP client through the gateway (allowed, denied with the reason,
// rate-limited, held until approved in the inbox) → the activity log shows each decision. Then: a viewer cannot
// change anything, and a user of another account gets 404 for every page and API route of this one.

import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect, type Page, test } from "@playwright/test";
import { connectAgent, createAccount, shot, signUp, textOf, unique } from "./helpers.js";

test.describe.configure({ mode: "serial" });

let upstream: SpawnedServer;
let client: Client | undefined;
const slug = unique("acme");
const adminEmail = `${slug}-admin@example.com`;
let serverId = "";
let inviteLink = "";

test.beforeAll(async () => {
  upstream = await spawnEverything("streamableHttp");
});

test.afterAll(async () => {
  await client?.close().catch(() => undefined);
  await upstream?.stop();
});

async function setState(page: Page, tool: string, state: string) {
  await page.getByLabel(`State of ${tool}`, { exact: true }).selectOption(state);
}

test("from sign-up to a governed agent call", async ({ page, browser }) => {
  test.setTimeout(300_000);
  await signUp(page, adminEmail);
  await shot(page, "create-account");
  await createAccount(page, "Acme", slug);
  await shot(page, "overview");

  // Register server-everything and sync its tools.
  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Name").fill("Everything");
  await page.getByLabel("Slug").fill("everything");
  await page.getByLabel("URL").fill(upstream.url);
  await shot(page, "server-new");
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/everything`));
  await page.getByRole("button", { name: "Sync tools" }).click();
  await expect(page.getByText(/Synced \d+ tools/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("tool-echo")).toBeVisible();
  await expect(page.getByTestId("tool-get-env")).toContainText(/Read|Write|Execute/);
  await shot(page, "server-tools");

  // Build the policy in the visual builder and publish it.
  await page.getByRole("link", { name: "Policy" }).click();
  await setState(page, "echo", "allow");
  await setState(page, "get-sum", "deny");
  await page.getByLabel("Reason for get-sum").fill("Sums are done by the finance team");
  await setState(page, "get-env", "custom");
  await page.getByTestId("rule-get-env").getByRole("button", { name: "+ Rate limit" }).click();
  await page.getByLabel("Max calls for get-env").fill("2");
  await page.getByLabel("Window in seconds for get-env").fill("60");
  const envRule = page.getByTestId("rule-get-env");
  await envRule.getByRole("button", { name: "+ Condition" }).click();
  await page.getByLabel("Argument of get-env condition deny 1").fill("debug");
  await page.getByLabel("Operator of get-env condition deny 1").selectOption("exists");
  await page.getByLabel("Reason of get-env condition deny 1").fill("No debug dumps");
  await setState(page, "get-tiny-image", "require_approval");
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByText("Valid policy.")).toBeVisible();
  await expect(page.getByLabel("Policy JSON")).toHaveValue(
    /"deny_if": \[\s*\{\s*"arg": "debug",\s*"op": "exists"/,
  );
  await shot(page, "policy-json");
  await page.getByRole("tab", { name: "Visual" }).click();
  await shot(page, "policy-builder");
  await page.getByRole("button", { name: "Publish…" }).click();
  await page.getByLabel("Comment").fill("First policy");
  await shot(page, "policy-publish-diff");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText(/Published version 1/)).toBeVisible();

  // The JSON view validates as you type with the engine's messages; "Recommended" fills a safe start.
  await page.getByRole("tab", { name: "JSON" }).click();
  await page
    .getByLabel("Policy JSON")
    .fill('{"version": "1", "default": "deny", "tools": {"echo": {"ratelimit": {"max": 1, "window": 60}}}}');
  await expect(page.getByTestId("policy-errors")).toContainText("/tools/echo/ratelimit");
  await expect(page.getByTestId("policy-errors")).toContainText("rate_limit");
  await shot(page, "policy-json-error");
  await page.getByLabel("Policy JSON").fill('{"version": "1", "default": "deny", "tools": {"echo": {}}}');
  await expect(page.getByText("Valid policy.")).toBeVisible();
  await page.getByRole("button", { name: "Recommended" }).click();
  await page.getByRole("button", { name: /^Apply \d+ changes?$/ }).click();
  await expect(page.getByText("Valid policy.")).toBeVisible();
  await expect(page.getByLabel("Policy JSON")).toHaveValue(
    /"trigger-long-running-operation": \{\s*"action": "require_approval"/,
  );

  // Create an agent; its key is shown once.
  await page.goto(`/${slug}/agents`);
  await page.getByLabel("Agent name").fill("e2e-agent");
  await page.getByRole("button", { name: "Create agent and key" }).click();
  const key = (await page.getByTestId("agent-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^gate_ak_/);
  await shot(page, "agent-key");

  // An MCP client through the gateway.
  const gatewayUrl = `${process.env.E2E_GATEWAY_URL}/${slug}/everything/mcp`;
  client = await connectAgent(gatewayUrl, key);
  const names = (await client.listTools()).tools.map((tool) => tool.name);
  expect(names).toEqual(expect.arrayContaining(["echo", "get-sum", "get-env", "get-tiny-image"]));
  expect(textOf(await client.callTool({ name: "echo", arguments: { message: "hello" } }))).toContain("hello");
  const denied = await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } });
  expect(denied.isError).toBe(true);
  expect(textOf(denied)).toBe("Denied by policy: Sums are done by the finance team");
  for (let i = 0; i < 2; i++)
    expect((await client.callTool({ name: "get-env", arguments: {} })).isError).toBeFalsy();
  const limited = await client.callTool({ name: "get-env", arguments: {} });
  expect(limited.isError).toBe(true);
  expect(textOf(limited)).toMatch(/^Rate limit exceeded: 2 calls per 60 s/);

  // A held call waits until it is approved in the inbox, then returns the real image.
  const held = client.callTool({ name: "get-tiny-image", arguments: {} }, undefined, { timeout: 120_000 });
  await page.goto(`/${slug}/approvals`);
  const item = page.getByTestId("approval-get-tiny-image");
  await expect(item).toBeVisible({ timeout: 30_000 });
  await shot(page, "approvals");
  await item.getByRole("button", { name: "Approve" }).click();
  const image = await held;
  expect(image.isError).toBeFalsy();
  expect((image.content as Array<{ type: string }>).some((part) => part.type === "image")).toBe(true);

  // The activity log shows each decision.
  await expect(async () => {
    await page.goto(`/${slug}/activity`);
    const decisions = await page
      .getByTestId("audit-row")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-decision")));
    expect(decisions).toEqual(expect.arrayContaining(["allowed", "denied", "rate_limited"]));
    expect(decisions.some((d) => d === "approved" || d === "approval_pending")).toBe(true);
  }).toPass({ timeout: 30_000 });
  await shot(page, "activity");
  const csv = await page.request.get(`/${slug}/activity/export?decision=denied`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const csvText = await csv.text();
  expect(csvText.split("\n")[0]).toContain("createdAt,decision,method,tool");
  expect(csvText).toContain("get-sum");
  expect(csvText).not.toContain(",allowed,");

  const servers = (await (
    await page.request.get("/api/v1/servers", { headers: { "x-gatehouse-account": slug } })
  ).json()) as {
    servers: Array<{ id: string }>;
  };
  serverId = servers.servers[0]?.id ?? "";
  expect(serverId).not.toBe("");

  // An invitation for a viewer, used below.
  await page.goto(`/${slug}/settings`);
  await page.getByLabel("Email to invite").fill(`${slug}-viewer@example.com`);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  inviteLink = (await page.locator("pre code").first().textContent())?.trim() ?? "";
  expect(inviteLink).toContain("/invite/gate_inv_");
  await shot(page, "settings");
  await page.goto(`/${slug}/servers/everything/settings`);
  await expect(page.getByRole("heading", { name: "Connect an MCP client" })).toBeVisible();
  await shot(page, "server-connect");
  await page.goto(`/${slug}/agents`);
  await expect(page.getByRole("row", { name: /e2e-agent/ })).toContainText("just now");
  await shot(page, "agents");
  void browser;
});

test("a viewer cannot change anything", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const invitePath = new URL(inviteLink).pathname;
  await signUp(page, `${slug}-viewer@example.com`, invitePath);
  await expect(page).toHaveURL(new RegExp(invitePath));
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByText("Read-only")).toBeVisible();
  await page.goto(`/${slug}/servers/everything/policy`);
  await expect(page.getByLabel("State of echo", { exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Publish…" })).toHaveCount(0);
  await shot(page, "viewer-policy");
  await page.goto(`/${slug}/servers/everything`);
  await expect(page.getByRole("button", { name: "Sync tools" })).toHaveCount(0);
  await page.goto(`/${slug}/agents`);
  await expect(page.getByRole("button", { name: "Create agent and key" })).toHaveCount(0);
  await page.goto(`/${slug}/servers/new`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const headers = { "x-gatehouse-account": slug };
  const post = await page.request.post("/api/v1/servers", {
    headers,
    data: { name: "x", url: "http://127.0.0.1:1/mcp" },
  });
  expect(post.status()).toBe(403);
  const put = await page.request.put(`/api/v1/servers/${serverId}/policy`, {
    headers,
    data: { version: "1", default: "allow" },
  });
  expect(put.status()).toBe(403);
  expect((await page.request.get(`/api/v1/servers/${serverId}`, { headers })).status()).toBe(200);
  // The same pages on a phone: no horizontal overflow of the page itself.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, name] of [
    [`/${slug}/servers/everything/policy`, "mobile-policy"],
    [`/${slug}/activity`, "mobile-activity"],
  ] as const) {
    await page.goto(path);
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) {
      const wide = await page.evaluate(() =>
        Array.from(document.querySelectorAll("body *"))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 8)
          .map((el) => `${el.tagName}.${String(el.className).slice(0, 60)}`),
      );
      console.warn(wide);
    }
    expect(overflow, path).toBeLessThanOrEqual(1);
    await shot(page, name);
  }
  await context.close();
});

test("a user of another account gets 404 for every page and API route", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const otherSlug = unique("other");
  await signUp(page, `${otherSlug}@example.com`);
  await createAccount(page, "Other", otherSlug);
  for (const path of [
    "",
    "/servers",
    "/servers/everything",
    "/servers/everything/policy",
    "/servers/everything/settings",
    "/agents",
    "/approvals",
    "/activity",
    "/settings",
    "/servers/new",
  ]) {
    const response = await page.goto(`/${slug}${path}`);
    expect(response?.status(), path).toBe(404);
  }
  await shot(page, "not-found");
  const asOther = { "x-gatehouse-account": otherSlug };
  const asVictim = { "x-gatehouse-account": slug };
  for (const [method, path] of [
    ["GET", `/api/v1/servers/${serverId}`],
    ["PATCH", `/api/v1/servers/${serverId}`],
    ["DELETE", `/api/v1/servers/${serverId}`],
    ["POST", `/api/v1/servers/${serverId}/sync`],
    ["GET", `/api/v1/servers/${serverId}/tools`],
    ["GET", `/api/v1/servers/${serverId}/policy`],
    ["PUT", `/api/v1/servers/${serverId}/policy`],
    ["GET", `/api/v1/servers/${serverId}/policy/versions`],
  ] as const) {
    const body = method === "GET" || method === "DELETE" ? undefined : { version: "1", default: "allow" };
    const response = await page.request.fetch(path, {
      method,
      headers: asOther,
      ...(body ? { data: body } : {}),
    });
    expect(response.status(), `${method} ${path}`).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const named = await page.request.fetch(path, {
      method,
      headers: asVictim,
      ...(body ? { data: body } : {}),
    });
    expect(named.status(), `${method} ${path} naming the account`).toBe(404);
  }
  await context.close();
});
