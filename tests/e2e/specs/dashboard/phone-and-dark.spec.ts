// Issue 16 item 7 in real Chromium: every main page at 390 px wide has no sideways scroll and its navigation is
// reachable through the menu button; dark mode follows the system and a switch that persists. Screenshots of each
// page at 390 px, light and dark, go to tests/e2e/screenshots/ (phone-*.png, dark-*.png).
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { expect, type Page, test } from "@playwright/test";
import { connectAgent, createAccount, shot, signUp, unique } from "./helpers.js";
import { createAgentKey, registerAndSync } from "./steps.js";

test.describe.configure({ mode: "serial" });

let upstream: SpawnedServer;
const slug = unique("phone");
const PHONE = { width: 390, height: 844 };

test.beforeAll(async () => {
  upstream = await spawnEverything("streamableHttp");
});

test.afterAll(async () => {
  await upstream?.stop();
});

/** How far the page itself scrolls sideways (0 when it fits), naming the widest elements when it does not. */
async function sidewaysScroll(page: Page): Promise<{ overflow: number; wide: string[] }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const overflow = root.scrollWidth - window.innerWidth;
    const wide = Array.from(document.querySelectorAll("body *"))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 6)
      .map((el) => `${el.tagName}.${String(el.className).slice(0, 80)}`);
    return { overflow, wide };
  });
}

async function mainPages(page: Page): Promise<Array<[string, string]>> {
  await page.goto(`/${slug}/agents`);
  const agentHref =
    (await page.getByRole("link", { name: "phone-agent" }).first().getAttribute("href")) ?? "";
  await page.goto("/catalog");
  const entryHref = (await page.locator('main a[href^="/catalog/"]').first().getAttribute("href")) ?? "";
  await page.goto(entryHref);
  const toolHref =
    (await page.locator(`main a[href^="${entryHref}/"]`).first().getAttribute("href")) ?? entryHref;
  return [
    ["overview", `/${slug}`],
    ["servers", `/${slug}/servers`],
    ["server-new", `/${slug}/servers/new`],
    ["server-tools", `/${slug}/servers/everything`],
    ["server-policy", `/${slug}/servers/everything/policy`],
    ["server-settings", `/${slug}/servers/everything/settings`],
    ["agents", `/${slug}/agents`],
    ["agent", agentHref],
    ["approvals", `/${slug}/approvals`],
    ["activity", `/${slug}/activity`],
    ["settings", `/${slug}/settings`],
    ["security", "/security"],
    ["new-account", "/new"],
    ["catalog", "/catalog"],
    ["catalog-server", entryHref],
    ["catalog-tool", toolHref],
  ];
}

test("every main page fits 390 px, light and dark, and the menu reaches every section", async ({ page }) => {
  test.setTimeout(300_000);
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Phone", slug);
  await registerAndSync(page, slug, upstream.url);
  const key = await createAgentKey(page, slug, "phone-agent");
  const client = await connectAgent(`${process.env.E2E_GATEWAY_URL}/${slug}/everything/mcp`, key);
  await client.callTool({ name: "echo", arguments: { message: "from a phone" } });
  await client.close();

  const pages = await mainPages(page);
  await page.setViewportSize(PHONE);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, path] of pages) {
      await page.goto(path);
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
      const { overflow, wide } = await sidewaysScroll(page);
      expect
        .soft(overflow, `${path} (${scheme}) is wider than the phone: ${wide.join(", ")}`)
        .toBeLessThanOrEqual(0);
      await shot(page, `${scheme === "dark" ? "dark" : "phone"}-${name}`);
    }
  }

  // The section tabs fold into the menu button on a phone; each section is one tap away.
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(`/${slug}`);
  await expect(page.getByRole("navigation", { name: "Account" })).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await shot(page, "phone-menu");
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Agents" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/agents$`));
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Security" })).toBeVisible();
});

test("the theme follows the system until a choice is made, and the choice persists", async ({ page }) => {
  await page.goto("/signin");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const background = () =>
    page.evaluate(() => getComputedStyle(document.body).backgroundColor.replace(/\s+/g, ""));
  const dark = await background();
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background()).not.toBe(dark);

  await signUp(page, `${slug}-theme@example.com`);
  await createAccount(page, "Theme", `${slug}-t`);
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await background()).toBe(dark);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  await shot(page, "dark-overview-desktop");
  await page.getByLabel("Theme").selectOption("system");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});
