// Agent key expiry in real Chromium: an agent whose first key expires in 7 days, a key refused for a past date and
// then issued for a future one, a key that never expires, and a key whose expiry has passed (set in the database,
// as only time could do it) shown as Expired — and no longer counted as active.
import { createDbClient } from "@gatehouse/db";
import { expect, type Page, test } from "@playwright/test";
import { createAccount, shot, signUp, unique } from "./helpers.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const slug = unique("expiry");

/** The UTC dates an expiry "in `days` days" can fall on while this test runs (it may cross midnight). */
function datesIn(days: number): RegExp {
  const [before, after] = [Date.now(), Date.now() + 5 * 60_000].map((time) =>
    new Date(time + days * DAY_MS).toISOString().slice(0, 10),
  );
  return new RegExp(`(${before}|${after})`);
}

async function newKey(page: Page): Promise<string> {
  const key = (await page.getByTestId("agent-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^gate_ak_/);
  return key;
}

test("a key's expiry is chosen when it is created, shown once, listed, and refused in the past", async ({
  page,
}) => {
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Expiry", slug);

  // An agent whose first key would have expired already is refused, and the form keeps what was typed.
  await page.goto(`/${slug}/agents`);
  await page.getByLabel("Agent name").fill("expiring-agent");
  await expect(page.getByLabel("Key expires")).toHaveValue("never");
  await page.getByLabel("Key expires").selectOption("custom");
  await page.getByLabel("Last day the key works").fill("2020-01-01");
  await page.getByRole("button", { name: "Create agent and key" }).click();
  const agentForm = page.locator("form", { has: page.getByLabel("Agent name") });
  await expect(agentForm.getByRole("alert")).toHaveText("The expiry must be in the future");
  await expect(page.getByText("No agents yet")).toBeVisible();
  await expect(page.getByLabel("Agent name")).toHaveValue("expiring-agent");
  await shot(page, "agent-create-expiry-refused");

  // An agent whose first key expires in 7 days.
  await page.getByLabel("Key expires").selectOption("7");
  await expect(page.getByLabel("Last day the key works")).toHaveCount(0);
  await page.getByRole("button", { name: "Create agent and key" }).click();
  const first = await newKey(page);
  await expect(page.getByTestId("agent-key-expiry")).toContainText(datesIn(7));
  await shot(page, "agent-created-expiry");
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("link", { name: "expiring-agent" }).click();
  const keys = page.getByRole("table", { name: "Keys" }).locator("tbody tr");
  await expect(keys).toHaveCount(1);
  await expect(keys.first()).toContainText(new RegExp(`Expires ${datesIn(7).source}`));
  await expect(keys.first()).toContainText("Active");

  // A past custom date is refused in the dialog and creates nothing; a future one is issued.
  await page.getByRole("button", { name: "New key" }).click();
  const dialog = page.getByRole("dialog", { name: "New agent key" });
  await dialog.getByLabel("Key expires").selectOption("custom");
  await dialog.getByLabel("Last day the key works").fill("2020-01-01");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The expiry must be in the future");
  await expect(dialog.getByTestId("agent-key")).toHaveCount(0);
  await expect(dialog.getByLabel("Key expires")).toHaveValue("custom");
  await expect(dialog.getByLabel("Last day the key works")).toHaveValue("2020-01-01");
  await shot(page, "agent-key-expiry-refused");
  await dialog.getByLabel("Last day the key works").fill("2099-12-24");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await newKey(page);
  await expect(dialog.getByTestId("agent-key-expiry")).toHaveText("Expires 2099-12-24 23:59:59 UTC");
  await dialog.getByRole("button", { name: "Done" }).click();

  // A key that never expires, the default.
  await page.getByRole("button", { name: "New key" }).click();
  await expect(dialog.getByLabel("Key expires")).toHaveValue("never");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await newKey(page);
  await expect(dialog.getByTestId("agent-key-expiry")).toContainText("Never expires");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(keys).toHaveCount(3);

  // Time passes for the first key: its expiry is moved into the past in the database.
  const db = createDbClient(process.env.E2E_DATABASE_URL!, { maxConnections: 1 });
  try {
    const stored = await db.agentKey.findMany({
      where: { agent: { name: "expiring-agent", organization: { slug } } },
      select: { id: true, prefix: true },
    });
    const firstKey = stored.filter((key) => first.startsWith(key.prefix));
    expect(firstKey).toHaveLength(1);
    await db.agentKey.update({
      where: { id: firstKey[0]!.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
  } finally {
    await db.$disconnect();
  }
  await page.reload();
  const row = (text: string) => keys.filter({ hasText: text });
  await expect(row("Expired ")).toHaveCount(1);
  await expect(row("Expired ").getByText("Expired", { exact: true })).toBeVisible();
  await expect(row("Expired ").getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(row("Expires 2099-12-24")).toContainText("Active");
  await expect(row("Never expires")).toContainText("Active");
  await shot(page, "agent-key-expiry");

  await page.goto(`/${slug}/agents`);
  await expect(page.getByRole("row", { name: /expiring-agent/ })).toContainText("2 active");
});
