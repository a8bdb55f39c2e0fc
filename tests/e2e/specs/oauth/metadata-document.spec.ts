// A client known by its client ID metadata document (an https URL this test serves, the client the SDK's OAuth
// client becomes when the authorization server says it supports them), found through the gateway origin's
// discovery fallbacks; and a viewer, who is told on the consent page why they cannot allow.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createDbClient, type DbClient } from "@gatehouse/db";
import { seedMember, seedOrganization, seedPolicy, seedServer, seedUser } from "@gatehouse/db/seed";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { expect, test } from "@playwright/test";
import { PASSWORD, shot, textOf, unique } from "../dashboard/helpers.js";
import { BrowserClientProvider, connectWithSignIn, startCallbackServer } from "./browser-client.js";

const slug = unique("cimd");
const admin = `${slug}-admin@example.com`;
const viewer = `${slug}-viewer@example.com`;
const gateway = process.env.E2E_GATEWAY_URL ?? "";
const web = process.env.E2E_WEB_URL ?? "";
const oauthUrl = `${gateway}/${slug}/fx/oauth/mcp`;
const TLS = Boolean(process.env.TEST_TLS_CERT && process.env.TEST_TLS_KEY);

let db: DbClient;
let upstream: RunningFixture;
let callback: Awaited<ReturnType<typeof startCallbackServer>>;
let documents: Server | undefined;
let documentUrl = "";

test.beforeAll(async () => {
  db = createDbClient(process.env.E2E_DATABASE_URL ?? "", { maxConnections: 1 });
  [upstream, callback] = await Promise.all([
    startFixtureServer({ tools: basicTools() }),
    startCallbackServer(),
  ]);
  const org = await seedOrganization(db, { slug, name: "Metadata Docs" });
  for (const [email, role] of [
    [admin, "admin"],
    [viewer, "viewer"],
  ] as const) {
    const user = await seedUser(db, { email, password: PASSWORD });
    await seedMember(db, { organizationId: org.id, userId: user.id, role });
  }
  const server = await seedServer(db, {
    organizationId: org.id,
    slug: "fx",
    name: "Fixture",
    url: upstream.url,
  });
  await seedPolicy(db, { serverId: server.id, document: { version: "1", default: "allow" } });
  if (TLS) {
    documents = createServer(
      {
        cert: readFileSync(process.env.TEST_TLS_CERT ?? ""),
        key: readFileSync(process.env.TEST_TLS_KEY ?? ""),
      },
      (req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            client_id: documentUrl,
            client_name: "Doc Client",
            client_uri: "https://doc-client.example",
            redirect_uris: [callback.url],
            grant_types: ["authorization_code", "refresh_token"],
            response_types: ["code"],
            token_endpoint_auth_method: "none",
          }),
        );
      },
    );
    await new Promise<void>((resolve) => documents?.listen(0, "127.0.0.1", resolve));
    documentUrl = `https://127.0.0.1:${(documents.address() as AddressInfo).port}/client.json`;
  }
});

test.afterAll(async () => {
  documents?.close();
  await callback?.close();
  await upstream?.close();
  await db?.$disconnect();
});

test("the gateway's origin answers the authorization server metadata as the dashboard does", async () => {
  const direct = await (await fetch(`${web}/.well-known/oauth-authorization-server`)).json();
  for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
    expect(await (await fetch(`${gateway}${path}`)).json()).toEqual(direct);
  }
  expect(direct).toMatchObject({ issuer: web, client_id_metadata_document_supported: true });
});

test("a client known by its metadata document signs in and calls a tool", async ({ page }) => {
  test.skip(!TLS, "needs the test certificate that npm test creates (TEST_TLS_CERT)");
  const provider = new BrowserClientProvider(page, callback.url, "Doc Client", documentUrl);
  provider.consent = async (browser) => {
    await browser.getByLabel("Email").fill(admin);
    await browser.getByLabel("Password").fill(PASSWORD);
    await browser.getByRole("button", { name: "Sign in" }).click();
    await expect(browser.getByRole("heading", { name: "Allow Doc Client to use Fixture?" })).toBeVisible();
    await expect(browser.getByText(documentUrl)).toBeVisible();
    await shot(browser, "oauth-consent-metadata-document");
    await browser.getByRole("button", { name: "Allow" }).click();
    await expect(browser.getByRole("heading", { name: "Signed in" })).toBeVisible();
  };
  const { client } = await connectWithSignIn(oauthUrl, provider, callback);
  expect(textOf(await client.callTool({ name: "echo", arguments: { message: "from a document" } }))).toBe(
    "from a document",
  );
  await client.close();
  const agent = await db.agent.findFirstOrThrow({
    where: { name: `Doc Client (${admin})` },
    include: { oauthClient: true },
  });
  expect(agent.oauthClient).toMatchObject({ clientId: documentUrl, kind: "metadata_document" });
});

test("a viewer sees why they cannot allow, and denying sends the client access_denied", async ({ page }) => {
  const provider = new BrowserClientProvider(page, callback.url, "Viewer Client");
  provider.consent = async (browser) => {
    await browser.getByLabel("Email").fill(viewer);
    await browser.getByLabel("Password").fill(PASSWORD);
    await browser.getByRole("button", { name: "Sign in" }).click();
    await expect(browser.getByText("Your role in Metadata Docs is Viewer")).toBeVisible();
    await expect(browser.getByRole("button", { name: "Allow" })).toHaveCount(0);
    await shot(browser, "oauth-consent-viewer");
    await browser.getByRole("button", { name: "Deny" }).click();
    await expect(browser.getByRole("heading", { name: "Signed in" })).toBeVisible();
  };
  await expect(connectWithSignIn(oauthUrl, provider, callback)).rejects.toThrow(
    /no code: .*error=access_denied/,
  );
  expect(await db.agent.count({ where: { name: `Viewer Client (${viewer})` } })).toBe(0);
});
