// The dashboard's side of the gateways' Redis wake-up: a change made through the API (withApiAccount) publishes one
// message on the channel the gateways subscribe to, once the handler has returned; a read publishes nothing. The
// gateway's side, two processes woken by it, is apps/gateway/test/redis-wakeup.test.ts.
import { gatewayWakeupChannel } from "@gatehouse/db/gateway-wakeup";
import { generateApiToken } from "@gatehouse/db/secrets";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAccount, SECRET_KEY } from "./helpers";

const REDIS_URL = process.env.REDIS_URL;
type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe.skipIf(!REDIS_URL)("the gateways' wake-up after a change through the API", () => {
  let database: TestDatabase;
  let subscriber: Redis;
  let token: string;
  const messages: string[] = [];
  const prefix = `gatehouse-test-${Date.now().toString(36)}:`;

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      AUTH_SECRET: "test-auth-secret-0123456789-0123456789",
      GATEHOUSE_SECRET_KEY: SECRET_KEY.toString("base64"),
      GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
      REDIS_KEY_PREFIX: prefix,
    });
    const account = await makeAccount(database.db);
    const credential = generateApiToken();
    await database.db.apiToken.create({
      data: {
        organizationId: account.id,
        name: "admin",
        role: "admin",
        prefix: credential.prefix,
        tokenHash: credential.hash,
      },
    });
    token = credential.value;
    subscriber = new Redis(REDIS_URL ?? "");
    subscriber.on("message", (_channel: string, message: string) => messages.push(message));
    await subscriber.subscribe(gatewayWakeupChannel(prefix));
  });

  afterAll(async () => {
    await subscriber?.quit();
    await database?.close();
  });

  async function call(method: "GET" | "POST", body?: unknown): Promise<number> {
    const routes = (await import("@/app/api/v1/agents/route")) as unknown as Record<string, THandler>;
    const handler = routes[method];
    if (!handler) throw new Error(`agents has no ${method}`);
    const request = new Request("http://web.test/api/v1/agents", {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await handler(request, { params: Promise.resolve({}) })).status;
  }

  it("publishes once a change has been made, and not for a read", async () => {
    expect(await call("GET")).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messages).toEqual([]);
    expect(await call("POST", { name: "woken" })).toBe(201);
    await expect.poll(() => messages.length, { timeout: 2000 }).toBe(1);
  });
});
