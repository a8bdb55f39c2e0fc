// Shared steps of the dashboard journeys: sign-up, account creation, screenshots, an MCP client on the gateway.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, type Page } from "@playwright/test";

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

export const PASSWORD = "correct-horse-battery-staple";

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs up and confirms the address through the link in the mail (read from the dev outbox), which signs in. */
export async function signUp(page: Page, email: string, next?: string): Promise<void> {
  await page.goto(next ? `/signup?next=${encodeURIComponent(next)}` : "/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText(`we sent a link to ${email}`)).toBeVisible();
  await page.goto(await mailedLink(page, email, "email-verification"));
  await page.getByRole("button", { name: "Confirm my email" }).click();
}

/** The path of the first link in the newest mail of this kind to this address, from the dev outbox page. */
export async function mailedLink(page: Page, to: string, kind: string): Promise<string> {
  await page.goto("/dev/mail");
  const mail = page.locator(`article[data-to="${to}"][data-kind="${kind}"]`).first();
  await expect(mail).toBeVisible();
  const href = (await mail.locator("a").first().getAttribute("href")) ?? "";
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

export async function createAccount(page: Page, name: string, slug: string): Promise<void> {
  await expect(page).toHaveURL(/\/new$/);
  await page.getByLabel("Account name").fill(name);
  await page.getByLabel("Account address").fill(slug);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
}

export async function connectAgent(url: string, key: string): Promise<Client> {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return client;
}

export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((part) => part.text ?? "").join("\n");
}
