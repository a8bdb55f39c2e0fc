// API token expiry in real Chromium, on the Settings page: a token refused for a past date (the form keeps what was
// typed), then created for a future one and shown once with its expiry; tokens for 30 days and for ever; a token
// whose expiry has passed (set in the database, as only time could do it) listed as Expired and refused by the API.
import { createDbClient } from "@gatehouse/db";
import { expect, type Page, test } from "@playwright/test";
import { createAccount, shot, signUp, unique } from "./helpers.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const slug = unique("tokens");

/** The UTC dates an expiry "in `days` days" can fall on while this test runs (it may cross midnight). */
function datesIn(days: number): RegExp {
  const [before, after] = [Date.now(), Date.now() + 5 * 60_000].map((time) =>
    new Date(time + days * DAY_MS).toISOString().slice(0, 10),
  );
  return new RegExp(`(${before}|${after})`);
}

async function createToken(page: Page, name: string, expiry: "never" | "30"): Promise<string> {
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Token expires").selectOption(expiry);
  await page.getByRole("button", { name: "Create API token" }).click();
  return newToken(page);
}

async function newToken(page: Page): Promise<string> {
  const panel = page.getByTestId("new-api-token");
  await expect(panel.locator("code")).toHaveText(/^gate_at_/);
  return (await panel.locator("code").textContent())?.trim() ?? "";
}

test("an API token's expiry is chosen when it is created, shown once, listed, refused in the past, and enforced", async ({
  page,
  request,
}) => {
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Tokens", slug);
  await page.goto(`/${slug}/settings`);
  const form = page.getByRole("form", { name: "New API token" });
  const tokens = page.getByRole("table", { name: "API tokens" }).locator("tbody tr");
  const row = (name: string) => tokens.filter({ hasText: name });

  // A token that would have expired already is refused, nothing is created, and the form keeps what was typed.
  await page.getByLabel("Token name").fill("ci-dated");
  await page.getByLabel("Token role").selectOption("viewer");
  await expect(page.getByLabel("Token expires")).toHaveValue("never");
  await page.getByLabel("Token expires").selectOption("custom");
  await page.getByLabel("Last day the token works").fill("2020-01-01");
  await page.getByRole("button", { name: "Create API token" }).click();
  await expect(form.getByRole("alert")).toHaveText("The expiry must be in the future");
  await expect(page.getByText("No API tokens")).toBeVisible();
  await expect(page.getByTestId("new-api-token")).toHaveCount(0);
  await expect(page.getByLabel("Token name")).toHaveValue("ci-dated");
  await expect(page.getByLabel("Token role")).toHaveValue("viewer");
  await expect(page.getByLabel("Token expires")).toHaveValue("custom");
  await expect(page.getByLabel("Last day the token works")).toHaveValue("2020-01-01");
  await shot(page, "api-token-expiry-refused");

  // The same token with a future last day: shown once with its expiry, listed as active, the form starts afresh.
  await page.getByLabel("Last day the token works").fill("2099-12-24");
  await page.getByRole("button", { name: "Create API token" }).click();
  const dated = await newToken(page);
  await expect(page.getByTestId("api-token-expiry")).toHaveText("Expires 2099-12-24 23:59:59 UTC");
  await expect(page.getByLabel("Token name")).toHaveValue("");
  await expect(page.getByLabel("Token expires")).toHaveValue("never");
  await expect(row("ci-dated")).toContainText("Expires 2099-12-24");
  await expect(row("ci-dated")).toContainText("Viewer");
  await expect(row("ci-dated")).toContainText("Active");

  // One for 30 days and one that never expires.
  await createToken(page, "ci-monthly", "30");
  await expect(page.getByTestId("api-token-expiry")).toContainText(datesIn(30));
  await expect(row("ci-monthly")).toContainText(new RegExp(`Expires ${datesIn(30).source}`));
  await createToken(page, "ci-forever", "never");
  await expect(page.getByTestId("api-token-expiry")).toHaveText(/^Never expires/);
  await expect(row("ci-forever")).toContainText("Never expires");
  await expect(tokens).toHaveCount(3);

  // The dated token works on the REST API until its expiry passes.
  const servers = () => request.get("/api/v1/servers", { headers: { Authorization: `Bearer ${dated}` } });
  expect((await servers()).status()).toBe(200);

  // Time passes for it: its expiry is moved into the past in the database.
  const db = createDbClient(process.env.E2E_DATABASE_URL!, { maxConnections: 1 });
  try {
    const { count } = await db.apiToken.updateMany({
      where: { name: "ci-dated", organization: { slug } },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    expect(count).toBe(1);
  } finally {
    await db.$disconnect();
  }
  const refused = await servers();
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });

  // Revoke the one that never expires, so that the list shows every kind of token.
  await row("ci-forever").getByRole("button", { name: "Revoke" }).click();
  await page
    .getByRole("dialog", { name: "Revoke this API token?" })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(row("ci-forever").getByText("Revoked", { exact: true })).toBeVisible();

  await page.reload();
  await expect(row("ci-dated")).toContainText(/Expired \d{4}-\d{2}-\d{2}/);
  await expect(row("ci-dated").getByText("Expired", { exact: true })).toBeVisible();
  await expect(row("ci-dated").getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(row("ci-monthly")).toContainText("Active");
  await expect(row("ci-monthly").getByRole("button", { name: "Revoke" })).toBeVisible();
  await expect(row("ci-forever").getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await shot(page, "api-token-expiry");
});
