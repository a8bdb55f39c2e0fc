// Issue 16 item 2 in real Chromium: Custom means only what the user sets. Choosing Custom writes nothing; reason,
// rate limit (with scope), conditions and approval timing are parts added one by one, each removable, and the
// JSON view shows exactly what was set at every step.

import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { expect, type Page, test } from "@playwright/test";
import { createAccount, shot, signUp, unique } from "./helpers.js";
import { registerAndSync } from "./steps.js";

let upstream: SpawnedServer;

test.beforeAll(async () => {
  upstream = await spawnEverything("streamableHttp");
});

test.afterAll(async () => {
  await upstream?.stop();
});

async function entryOf(page: Page, tool: string): Promise<unknown> {
  await page.getByRole("tab", { name: "JSON" }).click();
  const json = JSON.parse(await page.getByLabel("Policy JSON").inputValue()) as {
    tools?: Record<string, unknown>;
  };
  await page.getByRole("tab", { name: "Visual" }).click();
  return json.tools?.[tool];
}

test("Custom adds only the parts the user sets", async ({ page }) => {
  test.setTimeout(180_000);
  const slug = unique("custom");
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Custom", slug);
  await registerAndSync(page, slug, upstream.url);
  await page.getByRole("link", { name: "Policy" }).click();

  const row = page.getByTestId("rule-echo");
  await page.getByLabel("State of echo", { exact: true }).selectOption("custom");
  expect(await entryOf(page, "echo")).toEqual({});
  await expect(page.getByLabel("State of echo", { exact: true })).toHaveValue("custom");

  // A reason, then a rate limit: nothing is written until both numbers are there; the scope is kept.
  await row.getByRole("button", { name: "+ Reason" }).click();
  await page.getByLabel("Reason for echo").fill("Echoes are cheap");
  await row.getByRole("button", { name: "+ Rate limit" }).click();
  await page.getByLabel("Rate limit scope for echo").selectOption("agent");
  await page.getByLabel("Max calls for echo").fill("5");
  await expect(row).toContainText("Enter both numbers to apply the limit.");
  expect(await entryOf(page, "echo")).toEqual({ reason: "Echoes are cheap" });
  await page.getByLabel("Window in seconds for echo").fill("60");
  expect(await entryOf(page, "echo")).toEqual({
    reason: "Echoes are cheap",
    rate_limit: { max: 5, window: 60, scope: "agent" },
  });

  // A condition, require approval when none matches, and the approval's timeout (hold left to its default).
  await row.getByRole("button", { name: "+ Condition" }).click();
  await page.getByLabel("Argument of echo condition deny 1").fill("message");
  await page.getByLabel("Operator of echo condition deny 1").selectOption("contains");
  await page.getByLabel("Value of echo condition deny 1").fill("password");
  await page.getByLabel("When no condition matches for echo").selectOption("require_approval");
  await row.getByRole("button", { name: "+ Approval timing" }).click();
  await page.getByLabel("Approval timeout for echo").fill("120");
  await shot(page, "policy-custom");
  expect(await entryOf(page, "echo")).toEqual({
    action: "require_approval",
    reason: "Echoes are cheap",
    rate_limit: { max: 5, window: 60, scope: "agent" },
    deny_if: [{ arg: "message", op: "contains", value: "password" }],
    approval: { timeout: 120 },
  });

  // Each part comes off on its own.
  await page.getByLabel("Remove reason of echo").click();
  await page.getByLabel("Remove rate limit of echo").click();
  await page.getByLabel("Remove approval timing of echo").click();
  expect(await entryOf(page, "echo")).toEqual({
    action: "require_approval",
    deny_if: [{ arg: "message", op: "contains", value: "password" }],
  });
  await expect(page.getByText("Valid policy.")).toBeHidden();
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByText("Valid policy.")).toBeVisible();
});
