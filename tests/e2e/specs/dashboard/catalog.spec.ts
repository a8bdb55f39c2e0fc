// Issue 16 item 8 in real Chromium: the catalogue's search across servers and tools, a tool page as rich as the
// reference page, and "Protect this server" — through sign-up — registering the server with its recommended
// policy as an unpublished draft.
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { expect, test } from "@playwright/test";
import { shot, signUp, unique } from "./helpers.js";

let upstream: SpawnedServer;

test.beforeAll(async () => {
  upstream = await spawnEverything("streamableHttp");
});

test.afterAll(async () => {
  await upstream?.stop();
});

test("search finds tools across servers, and a tool page explains, recommends and answers", async ({
  page,
}) => {
  await page.goto("/catalog");
  await page.getByLabel("Search servers and tools").fill("list");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/catalog\?q=list/);
  const results = page.getByTestId("catalog-results");
  await expect(results).toContainText("on CloudStack MCP Server");
  await expect(results).toContainText("on Filesystem (MCP reference server)");
  await expect(results.getByRole("link", { name: "list_async_jobs" })).toBeVisible();
  await shot(page, "catalog-search");
  // Every word must match, across the words of a name.
  await page.getByLabel("Search servers and tools").fill("delete entities");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(results.getByRole("link", { name: "delete_entities" })).toBeVisible();
  await expect(results.getByRole("link", { name: "delete_relations" })).toHaveCount(0);
  await results.getByRole("link", { name: "delete_entities" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("delete_entities");
  const does = page.getByRole("region", { name: /What delete_entities does on/ });
  await expect(does).toContainText("cannot be taken back");
  const why = page.getByRole("region", { name: "Why delete_entities needs a policy" });
  await expect(why).toContainText("Destructive");
  await expect(why).toContainText("From the tool's definition");
  await expect(page.getByText('"action": "deny"').first()).toBeVisible();
  const rules = page.getByRole("region", { name: "Rate-limit, hold or deny delete_entities" });
  await expect(rules).toContainText('"rate_limit"');
  await expect(rules).toContainText('"require_approval"');
  const related = page.getByRole("region", { name: /Related tools on/ });
  await expect(related.getByRole("link", { name: /delete_observations/ })).toBeVisible();
  const questions = page.getByRole("region", { name: "Questions about delete_entities" });
  await expect(questions.locator("details")).toHaveCount(6);
  await questions.getByText("Can I rate-limit delete_entities?").click();
  await expect(questions).toContainText('"max": 10');
  await shot(page, "catalog-tool-rich");

  await related.getByRole("link", { name: /delete_observations/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("delete_observations");
});

test("Protect this server: sign up, register it, and find its recommended policy as a draft", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const slug = unique("protect");
  const email = `${slug}@example.com`;
  await page.goto("/catalog/server-everything");
  await page
    .getByRole("link", { name: /Protect this server/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/signin\?next=%2Fprotect%2Fserver-everything$/);

  await signUp(page, email, "/protect/server-everything");
  await expect(page).toHaveURL(/\/new\?from=server-everything$/);
  await page.getByLabel("Account name").fill("Protect");
  await page.getByLabel("Account address").fill(slug);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/new\\?from=server-everything$`));
  await expect(
    page.getByText("Starting from the catalogue: Everything (MCP reference server)"),
  ).toBeVisible();
  await expect(page.getByLabel("Slug")).toHaveValue("server-everything");
  await page.getByLabel("URL").fill(upstream.url);
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/server-everything\\?registered=1&synced=`), {
    timeout: 60_000,
  });

  await page.getByRole("link", { name: "Policy" }).click();
  await page.getByRole("tab", { name: "JSON" }).click();
  const json = page.getByLabel("Policy JSON");
  await expect(json).toHaveValue(/"trigger-long-running-operation": \{\s*"action": "require_approval"/);
  await expect(json).toHaveValue(/"default": "deny"/);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await shot(page, "catalog-protect-draft");
  // A draft only: nothing is enforced until someone publishes it.
  await page.goto(`/${slug}/servers`);
  await expect(page.getByText("Not published — all calls denied")).toBeVisible();

  // Signed in, the button goes straight to the register form of the user's account.
  await page.goto("/catalog/server-memory");
  await page
    .getByRole("link", { name: /Protect this server/ })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/new\\?from=server-memory$`));
});
