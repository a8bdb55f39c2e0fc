// The signed-out pages: sign-in errors, the public catalogue and its "protect this server" path to sign-up.
import { expect, test } from "@playwright/test";
import { shot } from "./helpers.js";

test("sign-in says clearly when the password is wrong", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await shot(page, "signin-error");
});

test("the catalogue shows a server's tools with risk and the recommended rule", async ({ page }) => {
  await page.goto("/catalog");
  await shot(page, "catalog");
  await page
    .getByRole("link", { name: /CloudStack/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("CloudStack");
  await shot(page, "catalog-server");
  await page.getByRole("link", { name: "list_async_jobs" }).click();
  await expect(page.getByText(/Read/).first()).toBeVisible();
  await expect(page.getByText('"list_async_jobs": {}')).toBeVisible();
  await shot(page, "catalog-tool");
  await page
    .getByRole("link", { name: /Protect this server/ })
    .first()
    .click();
  // Signed out, "Protect this server" goes through sign-in (catalog.spec.ts follows it to the draft policy).
  await expect(page).toHaveURL(/\/signin\?next=%2Fprotect%2Fcloudstack-mcp-server$/);
});

test("a signed-out visit to a dashboard page leads to sign-in and back", async ({ page }) => {
  await page.goto("/some-account/servers?x=1");
  await expect(page).toHaveURL(/\/signin\?next=%2Fsome-account%2Fservers%3Fx%3D1$/);
  await expect(page.getByRole("heading", { name: /sign in/i })).toBeVisible();
});
