// The started product answers: the dashboard serves its sign-in page in real Chromium, and the gateway answers
// /healthz and refuses an MCP request without a key.
import { expect, test } from "@playwright/test";

const gatewayUrl = () => process.env.E2E_GATEWAY_URL!;

test("the dashboard serves its sign-in page", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: /sign in/i })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: "screenshots/signin.png", fullPage: true });
});

test("no dashboard page may be framed by another site", async ({ request }) => {
  for (const path of ["/signin", "/catalog"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
});

test("the gateway answers /healthz", async ({ request }) => {
  const response = await request.get(`${gatewayUrl()}/healthz`);
  expect(response.status()).toBe(200);
});

test("the gateway refuses an MCP request without a key with 401", async ({ request }) => {
  const response = await request.post(`${gatewayUrl()}/demo/anything/mcp`, {
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    data: {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } },
    },
  });
  expect(response.status()).toBe(401);
  expect(response.headers()["www-authenticate"]).toBe('Bearer realm="gatehouse"');
  const body = (await response.json()) as { jsonrpc: string; error: { code: number; message: string } };
  expect(body.jsonrpc).toBe("2.0");
  expect(typeof body.error.code).toBe("number");
});
