// Issue 16 item 3 in real Chromium: no edit is lost. Drafts save as you edit and survive a reload; unsaved edits
// are marked, and a reload or a link asks first; "Recommended" shows what it would change, applies on confirm
// and can be undone; the register form keeps what was typed after a slug clash.

import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { expect, test } from "@playwright/test";
import { createAccount, shot, signUp, unique } from "./helpers.js";
import { registerAndSync } from "./steps.js";

let upstream: SpawnedServer;

test.beforeAll(async () => {
  upstream = await spawnEverything("streamableHttp");
});

test.afterAll(async () => {
  await upstream?.stop();
});

test("edits survive a reload, leaving asks first, Recommended is confirmed and undone", async ({ page }) => {
  test.setTimeout(180_000);
  const slug = unique("drafts");
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Drafts", slug);
  await registerAndSync(page, slug, upstream.url);

  // The register form after a slug clash keeps the name, URL and headers.
  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Name").fill("Everything again");
  await page.getByLabel("Slug").fill("everything");
  await page.getByLabel("URL").fill(upstream.url);
  await page.getByLabel("Upstream headers (optional)").fill("X-Team: blue");
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page.getByText(/already/i).first()).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Everything again");
  await expect(page.getByLabel("Slug")).toHaveValue("everything");
  await expect(page.getByLabel("URL")).toHaveValue(upstream.url);
  await expect(page.getByLabel("Upstream headers (optional)")).toHaveValue("X-Team: blue");
  await shot(page, "server-new-clash");

  // An edit is marked unsaved, saved as a draft by itself, and still there after a reload.
  await page.goto(`/${slug}/servers/everything/policy`);
  const status = page.getByTestId("save-status");
  await expect(status).toHaveAttribute("data-state", "saved");
  await page.getByLabel("State of get-sum", { exact: true }).selectOption("deny");
  await page.getByLabel("Reason for get-sum").fill("Sums are for finance");
  await expect(status).toHaveAttribute("data-state", /pending|saving/);
  await expect(status).toHaveAttribute("data-state", "saved");
  await page.reload();
  await expect(page.getByLabel("State of get-sum", { exact: true })).toHaveValue("deny");
  await expect(page.getByLabel("Reason for get-sum")).toHaveValue("Sums are for finance");

  // JSON that does not validate cannot be saved: a reload asks first, and so does a link in the app.
  await page.getByRole("tab", { name: "JSON" }).click();
  const broken = '{"version": "1", "default": "deny", "tools": {"echo": {"ratelimit": 1}}}';
  await page.getByLabel("Policy JSON").fill(broken);
  await expect(status).toHaveAttribute("data-state", "unsavable");
  let asked = "";
  page.once("dialog", async (dialog) => {
    asked = dialog.type();
    await dialog.dismiss();
  });
  await page.reload({ timeout: 5_000 }).catch(() => undefined);
  expect(asked).toBe("beforeunload");
  await expect(page.getByLabel("Policy JSON")).toHaveValue(broken);
  await page.getByRole("navigation").getByRole("link", { name: "Activity" }).click();
  const leave = page.getByRole("dialog", { name: "Leave with unsaved changes?" });
  await expect(leave).toBeVisible();
  await shot(page, "policy-leave-guard");
  await leave.getByRole("button", { name: "Stay" }).click();
  await expect(page).toHaveURL(/\/policy$/);
  await expect(page.getByLabel("Policy JSON")).toHaveValue(broken);

  // Recommended: shown first, applied on confirm, undone in one click.
  await page.getByLabel("Policy JSON").fill('{"version": "1", "default": "deny", "tools": {"get-sum": {}}}');
  await expect(status).toHaveAttribute("data-state", "saved");
  await page.getByRole("button", { name: "Recommended" }).click();
  const dialog = page.getByRole("dialog", { name: "Apply the recommended rules?" });
  await expect(dialog.getByTestId("recommended-changes")).toContainText(
    "trigger-long-running-operation: hidden → requires approval",
  );
  await expect(dialog.getByTestId("recommended-changes")).toContainText(
    "get-env: hidden → requires approval",
  );
  await expect(dialog.getByTestId("recommended-changes")).not.toContainText("get-sum");
  await shot(page, "policy-recommended");
  await dialog.getByRole("button", { name: /^Apply \d+ changes$/ }).click();
  const json = async () => JSON.parse(await page.getByLabel("Policy JSON").inputValue()) as { tools: object };
  expect(Object.keys((await json()).tools).length).toBeGreaterThan(5);
  expect((await json()).tools).toMatchObject({ "get-sum": {} });
  await page.getByTestId("recommended-applied").getByRole("button", { name: "Undo" }).click();
  expect(await json()).toEqual({ version: "1", default: "deny", tools: { "get-sum": {} } });
});
