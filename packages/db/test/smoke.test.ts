import { describe, expect, it } from "vitest";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "../src/seed/index.js";
import { createTestDatabase } from "../src/testing.js";

describe("test database", () => {
  it("is migrated, seeds, and records config changes through the triggers", async () => {
    const { db, close } = await createTestDatabase();
    try {
      const org = await seedOrganization(db);
      const server = await seedServer(db, { organizationId: org.id, url: "http://127.0.0.1:1/mcp" });
      await seedPolicy(db, { serverId: server.id, document: { version: "1", default: "deny" } });
      await seedAgent(db, { organizationId: org.id, serverIds: [server.id] });
      const changes = await db.configChange.findMany({ where: { organizationId: org.id } });
      expect(changes.map((c) => c.entity)).toEqual(
        expect.arrayContaining(["Server", "Policy", "Agent", "AgentServer", "AgentKey"]),
      );
    } finally {
      await close();
    }
  });
});
