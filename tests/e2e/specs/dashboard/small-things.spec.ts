// Issue 16 item 10 in real Chromium: revoke and delete ask in the app's own dialog (cancel changes nothing), keys
// have names, the app has a favicon, and the fields of the pages a user meets first have visible labels.
import { expect, test } from "@playwright/test";
import { createAccount, shot, signUp, unique } from "./helpers.js";
import { createAgentKey } from "./steps.js";

test("confirmations, named keys, a favicon and visible labels", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = unique("small");
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Small", slug);

  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  const served = await page.request.get(icon ?? "/");
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg");

  // Every field of these pages has a label one can see (a control in a table row has its column's header).
  for (const path of [`/${slug}/servers/new`, `/${slug}/agents`, `/${slug}/settings`]) {
    await page.goto(path);
    const unlabelled = await page
      .locator("main input:not([type=hidden]), main select, main textarea")
      .evaluateAll((fields) =>
        fields
          .filter((field) => {
            const labels = (field as HTMLInputElement).labels;
            const visible = labels
              ? [...labels].some((label) => label.offsetWidth > 0 && label.innerText.trim())
              : false;
            return !visible && field.getAttribute("type") !== "checkbox" && !field.closest("table");
          })
          .map((field) => field.outerHTML.slice(0, 120)),
      );
    expect(unlabelled, path).toEqual([]);
  }

  // A named key, revoked only once confirmed.
  await createAgentKey(page, slug, "small-agent");
  await page.goto(`/${slug}/agents`);
  await page.getByRole("link", { name: "small-agent" }).click();
  await page.getByRole("button", { name: "New key" }).click();
  const create = page.getByRole("dialog", { name: "New agent key" });
  await create.getByLabel("Key name (optional)").fill("laptop");
  await create.getByRole("button", { name: "Create key" }).click();
  await create.getByRole("button", { name: "Done" }).click();
  const laptop = page.getByRole("row", { name: /laptop/ });
  await expect(laptop).toBeVisible();
  await laptop.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke key “laptop”?" });
  await expect(confirm).toBeVisible();
  await shot(page, "confirm-revoke");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(laptop.getByRole("button", { name: "Revoke" })).toBeVisible();
  await laptop.getByRole("button", { name: "Revoke" }).click();
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(laptop.getByText("Revoked", { exact: true })).toBeVisible();

  // Deleting the agent asks too.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const remove = page.getByRole("dialog", { name: "Delete this agent?" });
  await remove.getByRole("button", { name: "Delete agent" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/agents$`));
  await expect(page.getByRole("link", { name: "small-agent" })).toHaveCount(0);
});
