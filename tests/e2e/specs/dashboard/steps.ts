// Steps several dashboard journeys take: register server-everything and sync it, create an agent and read its key.
import { expect, type Page } from "@playwright/test";

export async function registerAndSync(
  page: Page,
  slug: string,
  upstreamUrl: string,
  serverSlug = "everything",
) {
  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Name").fill("Everything");
  await page.getByLabel("Slug").fill(serverSlug);
  await page.getByLabel("URL").fill(upstreamUrl);
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/${serverSlug}`));
  await page.getByRole("button", { name: "Sync tools" }).click();
  await expect(page.getByText(/Synced \d+ tools/)).toBeVisible({ timeout: 60_000 });
}

export async function createAgentKey(page: Page, slug: string, name: string): Promise<string> {
  await page.goto(`/${slug}/agents`);
  await page.getByLabel("Agent name").fill(name);
  await page.getByRole("button", { name: "Create agent and key" }).click();
  const key = (await page.getByTestId("agent-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^gate_ak_/);
  return key;
}
