// API token expiry: createApiToken refuses a past or unparseable expiry and creates nothing, keeps a future one,
// lists it and records it in the audit of changes. (The REST API refusing an expired token is in api.test.ts.)
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, listApiTokens, ZCreateTokenSchema } from "@/server/tokens/api-tokens";
import { codeOf, makeAccount, refusalsOf, type TTestAccount } from "./helpers";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("API token expiry", () => {
  let database: TestDatabase;
  let a: TTestAccount;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await makeAccount(database.db);
  });

  afterAll(async () => {
    await database?.close();
  });

  it("creates a token that expires when asked, lists it with its expiry and audits it", async () => {
    const expiresAt = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const created = await createApiToken(a.admin, { name: "expiring", role: "viewer", expiresAt });
    expect(created.expiresAt).toBe(expiresAt);
    expect(created.token).toMatch(/^gate_at_/);
    const stored = await database.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.expiresAt?.toISOString()).toBe(expiresAt);
    const listed = (await listApiTokens(a.admin)).find((token) => token.id === created.id);
    expect(listed).toMatchObject({ name: "expiring", expiresAt, revokedAt: null });
    const event = await database.db.adminAuditEvent.findFirstOrThrow({
      where: { organizationId: a.id, action: "api_token.create", targetId: created.id },
    });
    expect(event.details).toMatchObject({ name: "expiring", expiresAt });
  });

  it("creates a token that never expires when no expiry is given", async () => {
    const created = await createApiToken(a.admin, { name: "forever", role: "admin" });
    expect(created.expiresAt).toBeNull();
    const stored = await database.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.expiresAt).toBeNull();
  });

  it("refuses a past or unparseable expiry and creates nothing", async () => {
    const audited = () =>
      database.db.adminAuditEvent.count({ where: { organizationId: a.id, action: "api_token.create" } });
    const auditedBefore = await audited();
    const yesterday = new Date(Date.now() - DAY_MS).toISOString();
    for (const expiresAt of [yesterday, "2020-01-01T23:59:59.999Z", "not-a-date", "24/12/2099", ""]) {
      const create = () => createApiToken(a.admin, { name: "never-created", role: "viewer", expiresAt });
      expect(await codeOf(create)).toBe("zod");
    }
    expect(await database.db.apiToken.count({ where: { name: "never-created" } })).toBe(0);
    expect(await audited()).toBe(auditedBefore);
  });

  it("says what is wrong with the expiry in words the form can show", () => {
    const base = { name: "ci", role: "viewer" };
    expect(refusalsOf(ZCreateTokenSchema, { ...base, expiresAt: "2020-01-01" })).toEqual([
      "The expiry must be in the future",
    ]);
    expect(refusalsOf(ZCreateTokenSchema, { ...base, expiresAt: "soon" })).toEqual([
      "The expiry is not a date; use a date such as 2026-12-24",
    ]);
    expect(refusalsOf(ZCreateTokenSchema, base)).toEqual([]);
  });
});
