// Issue 16 item 4 in real Chromium: registering checks the connection and syncs at once (with progress); an
// unreachable server gets words that say what to check and the form keeps what was typed; the overview's
// checklist ticks itself from real data and stays dismissed; "Send a test call" goes through the gateway and
// shows up in the activity log under the member's test agent; server health shows the last upstream error.
import { createServer } from "node:net";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect, type Page, test } from "@playwright/test";
import { connectAgent, createAccount, shot, signUp, textOf, unique } from "./helpers.js";
import { createAgentKey } from "./steps.js";

test.describe.configure({ mode: "serial" });

let upstream: SpawnedServer;
let client: Client | undefined;
// One signed-in page for the whole story: each test continues where the last one left off.
let page: Page;
const slug = unique("onboard");
const email = `${slug}@example.com`;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 9;
}

async function expectChecklist(done: Record<string, boolean>) {
  await page.goto(`/${slug}`);
  for (const [step, value] of Object.entries(done)) {
    await expect(page.getByTestId(`checklist-${step}`)).toHaveAttribute("data-done", String(value));
  }
}

test.beforeAll(async ({ browser }) => {
  upstream = await spawnEverything("streamableHttp");
  page = await browser.newPage();
});

test.afterAll(async () => {
  await client?.close().catch(() => undefined);
  await upstream?.stop();
  await page?.close();
});

test("registering checks the connection, explains an unreachable server and syncs at once", async () => {
  await signUp(page, email);
  await createAccount(page, "Onboard", slug);
  await expectChecklist({ register: false, policy: false, agent: false, call: false });
  await shot(page, "onboarding-checklist-new");

  const dead = `http://127.0.0.1:${await closedPort()}/mcp`;
  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Name").fill("Everything");
  await page.getByLabel("Slug").fill("everything");
  await page.getByLabel("URL").fill(dead);
  await page.getByLabel("Upstream headers (optional)").fill("X-Team: platform");
  await page.getByRole("button", { name: "Register server" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Gatehouse could not reach this server." });
  await expect(alert).toContainText(`Nothing is listening at ${new URL(dead).host}`);
  await expect(alert).toContainText("Check that the server is running");
  await expect(page.getByTestId("register-step-check")).toHaveAttribute("data-state", "failed");
  // Everything typed is still there, and nothing was registered.
  await expect(page.getByLabel("Name")).toHaveValue("Everything");
  await expect(page.getByLabel("Slug")).toHaveValue("everything");
  await expect(page.getByLabel("URL")).toHaveValue(dead);
  await expect(page.getByLabel("Upstream headers (optional)")).toHaveValue("X-Team: platform");
  await shot(page, "onboarding-unreachable");
  await page.goto(`/${slug}/servers`);
  await expect(page.getByText("No servers yet")).toBeVisible();

  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Name").fill("Everything");
  await page.getByLabel("Slug").fill("everything");
  await page.getByLabel("URL").fill(upstream.url);
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page.getByTestId("register-step-check")).toHaveAttribute("data-state", /running|done/);
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/everything\\?registered=1&synced=\\d+`), {
    timeout: 60_000,
  });
  await expect(page.getByText(/Gatehouse connected to it and classified its \d+ tools/)).toBeVisible();
  await expect(page.getByTestId("tool-echo")).toBeVisible();
  await expect(page.getByTestId("tool-get-env")).toContainText("high");
  await shot(page, "onboarding-registered");

  await page.goto(`/${slug}/servers`);
  await expect(page.getByTestId("health-everything")).toContainText("Synced just now");
  await expectChecklist({ register: true, policy: false, agent: false, call: false });
  await expect(page.getByTestId("health-everything")).toContainText("Healthy");
});

test("a test call goes through the gateway and the activity log names whose it was", async () => {
  await page.goto(`/${slug}/servers/everything/policy`);
  await page.getByLabel("State of echo", { exact: true }).selectOption("allow");
  await page.getByLabel("State of get-sum", { exact: true }).selectOption("deny");
  await page.getByLabel("Reason for get-sum").fill("Sums are for people");
  await page.getByRole("button", { name: "Publish…" }).click();
  await page.getByLabel("Comment").fill("Echo only");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText(/Published version 1/)).toBeVisible();

  await page.goto(`/${slug}/servers/everything`);
  const panel = page.locator("section", { has: page.getByRole("heading", { name: "Send a test call" }) });
  await panel.getByLabel("Tool to call").selectOption("echo");
  await expect(panel.getByLabel("Arguments (JSON)")).toHaveValue('{"message":"test"}');
  await panel.getByLabel("Arguments (JSON)").fill('{"message":"hello from the dashboard"}');
  await panel.getByRole("button", { name: "Send test call" }).click();
  const result = page.getByTestId("test-call-result");
  await expect(result).toContainText("The call went through.", { timeout: 30_000 });
  await expect(result).toContainText(`Sent as Dashboard test call — ${email}`);
  await expect(result).toContainText("hello from the dashboard");
  await shot(page, "onboarding-test-call");

  // A tool the policy does not allow: the gateway's refusal, not a dashboard guess.
  await panel.getByLabel("Tool to call").selectOption("get-sum");
  await panel.getByRole("button", { name: "Send test call" }).click();
  await expect(result).toContainText("The gateway or the tool refused the call.", { timeout: 30_000 });
  await expect(result).toContainText("Denied by policy: Sums are for people");
  // A tool the default hides: the gateway's JSON-RPC answer (worded as the upstream words an unknown tool).
  await panel.getByLabel("Tool to call").selectOption("get-env");
  await panel.getByRole("button", { name: "Send test call" }).click();
  await expect(result).toContainText(/MCP error -32602: .*get-env/, { timeout: 30_000 });

  await expect(async () => {
    await page.goto(`/${slug}/activity`);
    const rows = page.getByTestId("audit-row").filter({ hasText: `Dashboard test call — ${email}` });
    await expect(rows.filter({ hasText: "echo" }).first()).toHaveAttribute("data-decision", "allowed");
    await expect(rows.filter({ hasText: "get-sum" }).first()).toHaveAttribute("data-decision", "denied");
  }).toPass({ timeout: 30_000 });
  await shot(page, "onboarding-test-call-activity");

  // The test agent is not one of the account's agents, and its calls do not tick "first call".
  await page.goto(`/${slug}/agents`);
  await expect(page.getByText("Dashboard test call")).toHaveCount(0);
  await expectChecklist({ register: true, policy: true, agent: false, call: false });
});

test("the checklist ticks as a real client calls, and stays hidden once dismissed", async () => {
  const key = await createAgentKey(page, slug, "laptop");
  await expectChecklist({ agent: true, call: false });
  client = await connectAgent(`${process.env.E2E_GATEWAY_URL}/${slug}/everything/mcp`, key);
  expect(textOf(await client.callTool({ name: "echo", arguments: { message: "hi" } }))).toContain("hi");
  await expect(async () => {
    await expectChecklist({ register: true, policy: true, agent: true, call: true });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "You are set up" })).toBeVisible();
  await shot(page, "onboarding-checklist-done");
  await page.getByRole("button", { name: "Hide checklist" }).click();
  await expect(page.getByTestId("checklist-register")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("checklist-register")).toHaveCount(0);
});

test("server health shows the last call that failed upstream", async () => {
  await upstream.stop();
  const failed = await client
    ?.callTool({ name: "echo", arguments: { message: "anyone?" } })
    .catch(() => null);
  expect(failed === null || failed?.isError === true).toBe(true);
  await expect(async () => {
    await page.goto(`/${slug}/servers`);
    await expect(page.getByTestId("health-everything")).toContainText("Last upstream error", {
      timeout: 2000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("health-everything")).toContainText("on echo: upstream unreachable");
  await shot(page, "onboarding-health-servers");
  await page.goto(`/${slug}`);
  await expect(page.getByTestId("health-everything")).toContainText("Needs a look");
  await shot(page, "onboarding-health-overview");
});
