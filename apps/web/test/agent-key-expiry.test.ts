// Agent key expiry: the domain operations refuse a past or unparseable expiry and create nothing, keep a future
// one; the dashboard's choices turn into the `expiresAt` they promise, and a key's expiry reads as it should.
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialStatusOf, describeExpiry, expiresAtOfChoice, expiryOf } from "@/lib/credential-expiry";
import { ZCreateKeySchema } from "@/server/agents/agent-schemas";
import { createAgent } from "@/server/agents/create-agent";
import { createAgentKey } from "@/server/agents/create-agent-key";
import { codeOf, makeAccount, refusalsOf, type TTestAccount } from "./helpers";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("agent key expiry: domain operations", () => {
  let database: TestDatabase;
  let a: TTestAccount;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await makeAccount(database.db);
  });

  afterAll(async () => {
    await database?.close();
  });

  it("creates an agent whose first key expires when asked", async () => {
    const expiresAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const { agent } = await createAgent(a.admin, { name: "expiring-agent", expiresAt });
    expect(agent.keys).toHaveLength(1);
    expect(agent.keys[0]?.expiresAt).toBe(expiresAt);
    const stored = await database.db.agentKey.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(stored.expiresAt?.toISOString()).toBe(expiresAt);
  });

  it("refuses to create an agent with a past or unparseable expiry, and creates nothing", async () => {
    for (const expiresAt of ["2020-01-01T23:59:59.999Z", "not-a-date", ""]) {
      expect(await codeOf(() => createAgent(a.admin, { name: "never-created", expiresAt }))).toBe("zod");
    }
    expect(await database.db.agent.count({ where: { name: "never-created" } })).toBe(0);
  });

  it("issues a key that expires, and refuses a past or unparseable expiry without issuing one", async () => {
    const { agent } = await createAgent(a.admin, { name: "key-expiry-agent" });
    const expiresAt = "2099-12-24T23:59:59.999Z";
    const key = await createAgentKey(a.admin, agent.id, { expiresAt });
    expect(key.expiresAt).toBe(expiresAt);
    const yesterday = new Date(Date.now() - DAY_MS).toISOString();
    expect(await codeOf(() => createAgentKey(a.admin, agent.id, { expiresAt: yesterday }))).toBe("zod");
    expect(await codeOf(() => createAgentKey(a.admin, agent.id, { expiresAt: "24/12/2099" }))).toBe("zod");
    expect(await database.db.agentKey.count({ where: { agentId: agent.id } })).toBe(2);
  });

  it("says what is wrong with the expiry in words a form can show", () => {
    expect(refusalsOf(ZCreateKeySchema, { expiresAt: "2020-01-01" })).toEqual([
      "The expiry must be in the future",
    ]);
    expect(refusalsOf(ZCreateKeySchema, { expiresAt: "soon" })).toEqual([
      "The expiry is not a date; use a date such as 2026-12-24",
    ]);
    expect(refusalsOf(ZCreateKeySchema, {})).toEqual([]);
  });
});

describe("agent key expiry: the dashboard's choices and labels", () => {
  const now = Date.parse("2026-06-01T12:00:00.000Z");

  it("turns a choice into the expiresAt it promises", () => {
    expect(expiresAtOfChoice("never", "", now)).toBeUndefined();
    expect(expiresAtOfChoice("7", "", now)).toBe("2026-06-08T12:00:00.000Z");
    expect(expiresAtOfChoice("30", "", now)).toBe("2026-07-01T12:00:00.000Z");
    expect(expiresAtOfChoice("90", "", now)).toBe("2026-08-30T12:00:00.000Z");
    // A custom date is the last day the key works.
    expect(expiresAtOfChoice("custom", "2026-12-24", now)).toBe("2026-12-24T23:59:59.999Z");
    // Whatever else the date field holds goes to the server's schema, which refuses it.
    expect(expiresAtOfChoice("custom", "", now)).toBe("");
    expect(expiresAtOfChoice("custom", "24.12.2026", now)).toBe("24.12.2026");
  });

  it("reads a key's expiry as never, a date, or expired", () => {
    expect(expiryOf(null, now)).toEqual({ state: "never" });
    expect(expiryOf("2026-12-24T23:59:59.999Z", now).state).toBe("active");
    expect(expiryOf("2026-06-01T12:00:00.000Z", now).state).toBe("expired");
    expect(describeExpiry(null, now)).toBe("Never expires");
    expect(describeExpiry("2026-12-24T23:59:59.999Z", now)).toBe("Expires 2026-12-24");
    expect(describeExpiry("2026-05-31T08:00:00.000Z", now)).toBe("Expired 2026-05-31");
  });

  it("counts a key as working only when it is neither revoked nor expired", () => {
    const past = "2026-05-31T08:00:00.000Z";
    const future = "2026-12-24T23:59:59.999Z";
    expect(credentialStatusOf({ revokedAt: null, expiresAt: null }, now)).toBe("active");
    expect(credentialStatusOf({ revokedAt: null, expiresAt: future }, now)).toBe("active");
    expect(credentialStatusOf({ revokedAt: null, expiresAt: past }, now)).toBe("expired");
    expect(credentialStatusOf({ revokedAt: past, expiresAt: past }, now)).toBe("revoked");
  });
});
