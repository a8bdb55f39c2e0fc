// Bad input to the REST API gets a clear 4xx and is never read without bound: an oversized body is refused with
// 413 before it is buffered, and a malformed audit cursor is a 400, not a 500 with a stack trace in the logs.
import { generateApiToken } from "@gatehouse/db/secrets";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAccount, SECRET_KEY } from "./helpers";

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

let database: TestDatabase;
let token = "";
let adminToken = "";

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-0123456789";
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY.toString("base64");
  const account = await makeAccount(database.db);
  const credential = generateApiToken();
  await database.db.apiToken.create({
    data: {
      organizationId: account.id,
      name: "viewer",
      role: "viewer",
      prefix: credential.prefix,
      tokenHash: credential.hash,
    },
  });
  token = credential.value;
  const admin = generateApiToken();
  await database.db.apiToken.create({
    data: {
      organizationId: account.id,
      name: "admin",
      role: "admin",
      prefix: admin.prefix,
      tokenHash: admin.hash,
    },
  });
  adminToken = admin.value;
});
afterAll(() => database?.close());

async function handler(module: string, method: string): Promise<THandler> {
  const handlers = (await import(/* @vite-ignore */ `@/app/api/v1/${module}/route`)) as Record<
    string,
    THandler
  >;
  return handlers[method]!;
}

describe("API input bounds", () => {
  it("refuses a body over the limit with 413, even when it does not say its length", async () => {
    const validate = await handler("policies/validate", "POST");
    // Imported only now: the API module reads the environment set up in beforeAll.
    const { MAX_BODY_BYTES } = await import("@/server/api");
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES * 4) return controller.close();
        sent += 65_536;
        controller.enqueue(new Uint8Array(65_536).fill(32));
      },
    });
    const request = new Request("http://web.test/api/v1/policies/validate", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await validate(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    const json = (await response.json()) as { error: { code: string } };
    expect(json.error.code).toBe("payload_too_large");
    expect(sent).toBeLessThan(MAX_BODY_BYTES * 2);
  });

  it("answers a malformed audit cursor with 400", async () => {
    const audit = await handler("audit", "GET");
    const cursor = Buffer.from("2026-01-01T00:00:00.000Z|not-a-uuid").toString("base64url");
    const response = await audit(
      new Request(`http://web.test/api/v1/audit?cursor=${cursor}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("Invalid cursor");
  });

  it("answers NUL characters in a path, a query or a body with 400, not a database error", async () => {
    const server = await handler("servers/[id]", "GET");
    const nulPath = await server(
      new Request("http://web.test/api/v1/servers/a%00b", { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ id: "a\u0000b" }) },
    );
    expect(nulPath.status).toBe(400);
    const audit = await handler("audit", "GET");
    const nulQuery = await audit(
      new Request("http://web.test/api/v1/audit?tool=a%00b", {
        headers: { authorization: `Bearer ${token}` },
      }),
      { params: Promise.resolve({}) },
    );
    expect(nulQuery.status).toBe(400);
    const validate = await handler("policies/validate", "POST");
    const post = (body: string) =>
      validate(
        new Request("http://web.test/api/v1/policies/validate", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
        }),
        { params: Promise.resolve({}) },
      );
    const deepNul = `${'{"a":'.repeat(5000)}"x\\u0000"${"}".repeat(5000)}`;
    expect((await post(deepNul)).status).toBe(400);
    expect((await post(`${"[".repeat(200_000)}${"]".repeat(200_000)}`)).status).toBeLessThan(500);
  });

  it("answers a body that is not an object with 400 where an object is read", async () => {
    const approve = await handler("approvals/[id]/approve", "POST");
    const response = await approve(
      new Request("http://web.test/api/v1/approvals/0190f0a0-0000-7000-8000-000000000000/approve", {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: "null",
      }),
      { params: Promise.resolve({ id: "0190f0a0-0000-7000-8000-000000000000" }) },
    );
    expect(response.status).toBe(400);
  });
});
