// Issue 16 item 1 in real Chromium: pattern entries and hide patterns are rows of their own, and every tool's row
// shows what the gateway does. A pattern added visually is published, then a real MCP client calls through the
// gateway: each answer (allowed, denied by the pattern, hidden) matches what the tool's row said, rule for rule.

import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect, test } from "@playwright/test";
import { connectAgent, createAccount, shot, signUp, textOf, unique } from "./helpers.js";
import { createAgentKey, registerAndSync } from "./steps.js";

let upstream: SpawnedServer;
let client: Client | undefined;

test.beforeAll(async () => {
  upstream = await spawnEverything("streamableHttp");
});

test.afterAll(async () => {
  await client?.close().catch(() => undefined);
  await upstream?.stop();
});

test("a pattern rule's row matches the gateway's answer to a real call", async ({ page }) => {
  test.setTimeout(240_000);
  const slug = unique("patterns");
  await signUp(page, `${slug}@example.com`);
  await createAccount(page, "Patterns", slug);
  await registerAndSync(page, slug, upstream.url);
  await page.getByRole("link", { name: "Policy" }).click();

  // get-tiny-* allows; get-* denies with a reason; *-env is hidden. Default deny.
  const addPattern = async (pattern: string, state: string) => {
    await page.getByLabel("New pattern", { exact: true }).fill(pattern);
    await page.getByLabel("State of new pattern").selectOption(state);
    await page.getByRole("button", { name: "Add pattern" }).click();
    await expect(page.getByTestId(`${state === "hide" ? "hide" : "pattern"}-${pattern}`)).toBeVisible();
  };
  await addPattern("get-tiny-*", "allow");
  await addPattern("get-*", "deny");
  await page.getByLabel("Reason for get-*").fill("Getters are off for now");
  await addPattern("*-env", "hide");

  const tiny = page.getByTestId("pattern-get-tiny-*");
  await expect(tiny).toContainText("Applies to: get-tiny-image");
  await expect(page.getByTestId("pattern-get-*")).toContainText("get-sum");
  await expect(page.getByTestId("pattern-get-*")).toContainText("Also matches, but another rule applies:");
  await expect(page.getByTestId("hide-*-env")).toContainText("Hides: get-env");

  const applies = (tool: string) => page.getByTestId(`applies-${tool}`);
  await expect(applies("get-tiny-image")).toHaveAttribute("data-effect", "allow");
  await expect(applies("get-tiny-image")).toHaveAttribute("data-rule", "/tools/get-tiny-*");
  await expect(applies("get-tiny-image")).toContainText("Allowed by pattern get-tiny-*");
  await expect(page.getByLabel("State of get-tiny-image", { exact: true })).toContainText(
    "Not set (allowed)",
  );
  await expect(applies("get-sum")).toHaveAttribute("data-effect", "deny");
  await expect(applies("get-sum")).toHaveAttribute("data-rule", "/tools/get-*");
  await expect(applies("get-env")).toHaveAttribute("data-effect", "hidden");
  await expect(applies("get-env")).toHaveAttribute("data-rule", "/hide/0");
  await expect(applies("echo")).toHaveAttribute("data-effect", "hidden");
  await expect(applies("echo")).toHaveAttribute("data-rule", "/default");
  await shot(page, "policy-patterns");

  // The JSON view holds exactly what was built visually.
  await page.getByRole("tab", { name: "JSON" }).click();
  const json = JSON.parse(await page.getByLabel("Policy JSON").inputValue()) as Record<string, unknown>;
  expect(json).toEqual({
    version: "1",
    default: "deny",
    tools: { "get-tiny-*": {}, "get-*": { action: "deny", reason: "Getters are off for now" } },
    hide: ["*-env"],
  });
  await page.getByRole("tab", { name: "Visual" }).click();
  await page.getByRole("button", { name: "Publish…" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText(/Published version 1/)).toBeVisible();

  // Every tool row's verdict, read before leaving the page.
  const rows: Record<string, { effect: string; rule: string }> = Object.fromEntries(
    await page
      .locator('[data-testid^="applies-"]')
      .evaluateAll((elements) =>
        elements.map((el) => [
          (el.getAttribute("data-testid") ?? "").slice("applies-".length),
          { effect: el.getAttribute("data-effect") ?? "", rule: el.getAttribute("data-rule") ?? "" },
        ]),
      ),
  );
  expect(Object.keys(rows).length).toBeGreaterThan(10);

  const key = await createAgentKey(page, slug, "pattern-agent");
  client = await connectAgent(`${process.env.E2E_GATEWAY_URL}/${slug}/everything/mcp`, key);
  const listed = (await client.listTools()).tools.map((t) => t.name);
  const shown = Object.entries(rows)
    .filter(([, row]) => row.effect !== "hidden")
    .map(([tool]) => tool);
  expect(listed.sort()).toEqual(shown.sort());
  expect(listed).toEqual(expect.arrayContaining(["get-sum", "get-tiny-image"]));

  const image = await client.callTool({ name: "get-tiny-image", arguments: {} });
  expect(rows["get-tiny-image"]?.effect).toBe("allow");
  expect(image.isError).toBeFalsy();
  expect((image.content as Array<{ type: string }>).some((part) => part.type === "image")).toBe(true);

  const sum = await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } });
  expect(rows["get-sum"]?.effect).toBe("deny");
  expect(sum.isError).toBe(true);
  expect(textOf(sum)).toBe("Denied by policy: Getters are off for now");
  const meta = (sum._meta ?? {}) as Record<string, { decision: string; rule: string }>;
  expect(meta["gatehouse/decision"]).toMatchObject({ decision: "denied", rule: rows["get-sum"]?.rule });

  for (const hidden of ["get-env", "echo"]) {
    expect(rows[hidden]?.effect).toBe("hidden");
    // Answered as server-everything (the SDK's McpServer) answers a tool it does not have.
    const answer = await client.callTool({ name: hidden, arguments: {} });
    expect(answer.isError).toBe(true);
    expect(textOf(answer)).toBe(`MCP error -32602: Tool ${hidden} not found`);
  }

  // Publishing again shows its effect in plain words, with the replay of the calls just made.
  await page.goto(`/${slug}/servers/everything/policy`);
  await page.getByLabel("State of get-tiny-image", { exact: true }).selectOption("deny");
  await page.getByLabel("Reason for get-tiny-image").fill("No images today");
  // The gateway's audit reaches the database in batches: reopen until the replay sees the calls.
  await expect(async () => {
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Publish…" }).click();
    await expect(page.getByTestId("publish-changes")).toContainText(
      "get-tiny-image: allowed → denied: No images today",
    );
    await expect(page.getByTestId("publish-replay")).toContainText(
      /This change would have denied 1 of the last [2-9] calls/,
      { timeout: 3_000 },
    );
  }).toPass({
    timeout: 30_000,
    intervals: [500, 1_000, 2_000],
  });
  await shot(page, "policy-publish-effect");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText(/Published version 2/)).toBeVisible();
  // A publish reaches the gateway within a second (DESIGN §5).
  await expect
    .poll(async () => textOf(await client?.callTool({ name: "get-tiny-image", arguments: {} })), {
      timeout: 5_000,
    })
    .toBe("Denied by policy: No images today");
});
