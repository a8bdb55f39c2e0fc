// Issue 14's headline in real Chromium: a person with only an MCP client that signs in (the MCP SDK's OAuth client,
// as Claude.ai's connectors and Claude Code use it) pastes a server's OAuth URL, signs in on the way, allows, and
// every call is governed by the server's policy and audited as their agent. Then the tokens' life: refresh with
// rotation, reuse detection, the audience check.
import { createDbClient, type DbClient } from "@gatehouse/db";
import { seedMember, seedOrganization, seedPolicy, seedServer, seedUser } from "@gatehouse/db/seed";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect, type Page, test } from "@playwright/test";
import { PASSWORD, shot, textOf, unique } from "../dashboard/helpers.js";
import { BrowserClientProvider, connectWithSignIn, startCallbackServer } from "./browser-client.js";

const slug = unique("oauth");
const email = `${slug}@example.com`;
const gateway = process.env.E2E_GATEWAY_URL ?? "";
const web = process.env.E2E_WEB_URL ?? "";
const oauthUrl = (server: string) => `${gateway}/${slug}/${server}/oauth/mcp`;

let db: DbClient;
let upstream: RunningFixture;
let callback: Awaited<ReturnType<typeof startCallbackServer>>;
let provider: BrowserClientProvider;
let client: Client | undefined;

test.beforeAll(async () => {
  db = createDbClient(process.env.E2E_DATABASE_URL ?? "", { maxConnections: 1 });
  [upstream, callback] = await Promise.all([
    startFixtureServer({ tools: basicTools() }),
    startCallbackServer(),
  ]);
  const user = await seedUser(db, { email, password: PASSWORD, name: "Dana" });
  const org = await seedOrganization(db, { slug, name: "Acme OAuth" });
  await seedMember(db, { organizationId: org.id, userId: user.id, role: "admin" });
  for (const name of ["fx", "other"]) {
    const server = await seedServer(db, {
      organizationId: org.id,
      slug: name,
      name: `Fixture ${name}`,
      url: upstream.url,
    });
    await seedPolicy(db, {
      serverId: server.id,
      document: {
        version: "1",
        default: "deny",
        tools: {
          echo: {},
          slow: { action: "deny", reason: "Slow calls are not for agents" },
          headers: { rate_limit: { max: 1, window: 3600 } },
          deploy: { action: "require_approval", approval: { hold: 0 } },
        },
      },
    });
  }
});

test.afterAll(async () => {
  await client?.close();
  await callback?.close();
  await upstream?.close();
  await db?.$disconnect();
});

async function signInAndAllow(page: Page) {
  // Signed out: the consent page sends the person to sign in first, and back.
  await expect(page).toHaveURL(/\/signin\?next=/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Allow E2E Client to use Fixture fx\?/ })).toBeVisible();
  await expect(page.getByText("Unverified")).toBeVisible();
  await expect(page.getByText("127.0.0.1:", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("Acme OAuth", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("default (version 1)")).toBeVisible();
  await shot(page, "oauth-consent");
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("heading", { name: "Signed in" })).toBeVisible();
}

test("an MCP client signs in with OAuth and every call is governed and audited as the person's agent", async ({
  page,
}) => {
  provider = new BrowserClientProvider(page, callback.url, "E2E Client");
  provider.consent = signInAndAllow;
  const connected = await connectWithSignIn(oauthUrl("fx"), provider, callback);
  client = connected.client;
  expect(connected.response.get("iss")).toBe(web);

  const allowed = await client.callTool({ name: "echo", arguments: { message: "hello over oauth" } });
  expect(textOf(allowed)).toBe("hello over oauth");
  const denied = await client.callTool({ name: "slow", arguments: {} });
  expect(denied.isError).toBe(true);
  expect(textOf(denied)).toBe("Denied by policy: Slow calls are not for agents");
  expect(textOf(await client.callTool({ name: "headers", arguments: {} }))).not.toContain("authorization");
  const limited = await client.callTool({ name: "headers", arguments: {} });
  expect(textOf(limited)).toMatch(/^Rate limit exceeded: 1 calls per 3600 s/);
  const held = await client.callTool({ name: "deploy", arguments: { name: "web" } });
  expect(textOf(held)).toMatch(/^Approval pending \(id [0-9a-f-]+\)/);

  const agentName = `E2E Client (${email})`;
  const agent = await db.agent.findFirstOrThrow({ where: { name: agentName }, include: { servers: true } });
  expect(agent.kind).toBe("oauth");
  expect(agent.servers).toHaveLength(1);
  await expect
    .poll(
      async () =>
        (await db.auditEvent.findMany({ where: { agentId: agent.id, method: "tools/call" } }))
          .map((e) => e.decision)
          .sort(),
      {
        timeout: 10_000,
      },
    )
    .toEqual(["allowed", "allowed", "approval_pending", "denied", "rate_limited"]);
  const approval = await db.approvalRequest.findFirstOrThrow({ where: { agentId: agent.id } });
  expect(approval.tool).toBe("deploy");
});

test("refresh tokens rotate, a replay revokes the grant within a second, and a token works only on its server", async () => {
  const tokens = provider.saved;
  const clientId = provider.info?.client_id ?? "";
  expect(tokens?.refresh_token).toBeTruthy();
  const post = async (url: string, access: string) =>
    (
      await fetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${access}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "probe", version: "1" },
          },
        }),
      })
    ).status;
  // The audience check: the token of server fx is refused on server other of the same account.
  expect(await post(oauthUrl("fx"), tokens?.access_token ?? "")).toBe(200);
  expect(await post(oauthUrl("other"), tokens?.access_token ?? "")).toBe(401);

  const refresh = (token: string) =>
    fetch(`${web}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: token,
        client_id: clientId,
        resource: oauthUrl("fx"),
      }),
    });
  const rotated = await refresh(tokens?.refresh_token ?? "");
  expect(rotated.status).toBe(200);
  const next = (await rotated.json()) as { access_token: string; refresh_token: string };
  expect(next.refresh_token).not.toBe(tokens?.refresh_token);
  expect(await post(oauthUrl("fx"), next.access_token)).toBe(200);

  const replay = await refresh(tokens?.refresh_token ?? "");
  expect(replay.status).toBe(400);
  expect(((await replay.json()) as { error: string }).error).toBe("invalid_grant");
  const revokedAt = Date.now();
  await expect
    .poll(() => post(oauthUrl("fx"), next.access_token), { intervals: [50], timeout: 5000 })
    .toBe(401);
  expect(Date.now() - revokedAt).toBeLessThan(1000);
});

test("the Agents page lists the signed-in agent; suspending it or revoking its access refuses its token within a second", async ({
  page,
}) => {
  const second = new BrowserClientProvider(page, callback.url, "Second Client");
  second.consent = async (browser) => {
    await expect(browser).toHaveURL(/\/signin\?next=/);
    await browser.getByLabel("Email").fill(email);
    await browser.getByLabel("Password").fill(PASSWORD);
    await browser.getByRole("button", { name: "Sign in" }).click();
    await browser.getByRole("button", { name: "Allow" }).click();
    await expect(browser.getByRole("heading", { name: "Signed in" })).toBeVisible();
  };
  const { client: connected } = await connectWithSignIn(oauthUrl("fx"), second, callback);
  await connected.close();
  const token = second.saved?.access_token ?? "";
  const status = async () =>
    (
      await fetch(oauthUrl("fx"), {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "p", version: "1" },
          },
        }),
      })
    ).status;
  expect(await status()).toBe(200);

  await page.goto(`/${slug}/agents`);
  const row = page.getByRole("row", { name: new RegExp(`Second Client \\(${email}\\)`) });
  await expect(row).toContainText("OAuth");
  await expect(row).toContainText(`Second Client (unverified) · ${email}`);
  await shot(page, "oauth-agents-list");
  await row.getByRole("link").click();
  const card = page.getByRole("definition").filter({ hasText: "Second Client" });
  await expect(card.first()).toBeVisible();
  await expect(page.getByTestId("oauth-access")).toHaveText("Active");
  await shot(page, "oauth-agent");

  // Timed from the moment the change is in the database (the dashboard's own answer time is not propagation).
  const agentRow = () =>
    db.agent.findFirstOrThrow({
      where: { name: `Second Client (${email})` },
      include: { oauthGrants: true },
    });
  await page.getByRole("button", { name: "Suspend" }).click();
  await expect
    .poll(async () => (await agentRow()).suspended, { intervals: [20], timeout: 10_000 })
    .toBe(true);
  let started = Date.now();
  await expect.poll(status, { intervals: [50], timeout: 5000 }).toBe(403);
  const suspendMs = Date.now() - started;
  await page.getByRole("button", { name: "Resume" }).click();
  await expect.poll(status, { intervals: [50], timeout: 5000 }).toBe(200);

  await page.getByRole("button", { name: "Revoke access" }).click();
  await page
    .getByRole("dialog", { name: "Revoke this agent's access?" })
    .getByRole("button", { name: "Revoke access" })
    .click();
  await expect
    .poll(async () => (await agentRow()).oauthGrants.every((grant) => grant.revokedAt), {
      intervals: [20],
      timeout: 10_000,
    })
    .toBe(true);
  started = Date.now();
  await expect.poll(status, { intervals: [50], timeout: 5000 }).toBe(401);
  const revokeMs = Date.now() - started;
  await expect(page.getByTestId("oauth-access")).toHaveText("Revoked");
  console.log(
    `oauth: token refused ${suspendMs} ms after Suspend, ${revokeMs} ms after Revoke access (from the database change)`,
  );
  expect(suspendMs).toBeLessThan(1000);
  expect(revokeMs).toBeLessThan(1000);
  // The revoked grant's refresh token is refused too.
  const refreshed = await fetch(`${web}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: second.saved?.refresh_token ?? "",
      client_id: second.info?.client_id ?? "",
    }),
  });
  expect(refreshed.status).toBe(400);
});

test("the Connect tab gives each client its URL and steps: the OAuth URL to sign in, the key URL for scripts", async ({
  page,
}) => {
  await page.goto(`/${slug}/servers/fx/settings`);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("oauth-url")).toHaveText(oauthUrl("fx"));
  const panel = page.getByRole("tabpanel");
  await expect(panel).toContainText("Add custom connector");
  await expect(panel).toContainText(oauthUrl("fx"));
  await shot(page, "oauth-connect-claude");
  for (const [tab, text] of [
    ["ChatGPT", "Developer mode"],
    ["Cursor", `"url": "${oauthUrl("fx")}"`],
    ["VS Code", `"type": "http"`],
    ["Claude Code", `claude mcp add --transport http fx ${oauthUrl("fx")}`],
    ["Agent key (CI, scripts)", `${gateway}/${slug}/fx/mcp`],
  ] as const) {
    await page.getByRole("tab", { name: tab, exact: true }).click();
    await expect(panel).toContainText(text);
  }
});
