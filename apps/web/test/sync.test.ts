// Sync against a real server-everything over Streamable HTTP: every tool stored and classified; a definition that
// changed since the last accepted one is flagged, not replaced, until it is accepted.
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerServer } from "@/server/servers/register-server";
import { acceptToolDefinition } from "@/server/tools/accept-tool-definition";
import { listTools } from "@/server/tools/list-tools";
import { syncServerTools } from "@/server/tools/sync-server-tools";
import { codeOf, makeAccount, type TTestAccount } from "./helpers";

describe("sync", () => {
  let database: TestDatabase;
  let upstream: SpawnedServer;
  let a: TTestAccount;
  let serverId: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([createTestDatabase(), spawnEverything("streamableHttp")]);
    a = await makeAccount(database.db);
    serverId = (await registerServer(a.admin, { name: "Everything", url: upstream.url })).id;
  });

  afterAll(async () => {
    await upstream?.stop();
    await database?.close();
  });

  it("stores and classifies every tool", async () => {
    const result = await syncServerTools(a.admin, serverId);
    const names = result.tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["echo", "get-sum", "get-env", "get-tiny-image"]));
    const tools = await listTools(a.admin, serverId);
    expect(tools).toHaveLength(names.length);
    for (const tool of tools) {
      expect(tool.evidence.length).toBeGreaterThan(0);
      expect(tool.rationale).not.toBe("");
    }
    expect(tools.find((tool) => tool.name === "echo")?.riskCategory).toBe("Read");
    expect((await listTools(a.admin, serverId, { q: "sum" })).map((t) => t.name)).toContain("get-sum");
  });

  it("rates get-env Read but high, and a re-sync brings an older classification up to date", async () => {
    const env = (await listTools(a.admin, serverId)).find((tool) => tool.name === "get-env");
    expect(env).toMatchObject({ riskCategory: "Read", riskLevel: "high" });
    expect(env?.evidence.join(" | ")).toContain("may expose secrets or credentials (raises to high)");
    // A row classified by an older classifier (before data exposure counted) is reclassified on the next sync.
    await database.db.tool.updateMany({
      where: { serverId, name: "get-env" },
      data: { riskLevel: "low", riskEvidence: ["name starts with get-"] },
    });
    const result = await syncServerTools(a.admin, serverId);
    expect(result.tools.find((tool) => tool.name === "get-env")?.riskLevel).toBe("high");
    expect((await listTools(a.admin, serverId)).find((tool) => tool.name === "get-env")?.riskLevel).toBe(
      "high",
    );
  });

  it("flags a changed definition and accepts it", async () => {
    await database.db.tool.updateMany({
      where: { serverId, name: "echo" },
      data: { definitionHash: "an-older-definition", description: "old text" },
    });
    const result = await syncServerTools(a.admin, serverId);
    expect(result.tools.find((tool) => tool.name === "echo")?.changed).toBe(true);
    const flagged = await listTools(a.admin, serverId, { changed: true });
    expect(flagged.map((tool) => tool.name)).toEqual(["echo"]);
    expect(flagged[0]?.description).toBe("old text");
    const accepted = await acceptToolDefinition(a.admin, serverId, "echo");
    expect(accepted.changed).toBe(false);
    expect(accepted.description).not.toBe("old text");
    expect(await listTools(a.admin, serverId, { changed: true })).toHaveLength(0);
    expect(await codeOf(() => acceptToolDefinition(a.admin, serverId, "echo"))).toBe("conflict");
  });

  it("records a sync failure on the server", async () => {
    const dead = await registerServer(a.admin, { name: "Dead", url: "http://127.0.0.1:9/mcp" });
    expect(await codeOf(() => syncServerTools(a.admin, dead.id))).toBe("upstream_unavailable");
    const row = await database.db.server.findUnique({ where: { id: dead.id } });
    expect(row?.lastSyncError).toBeTruthy();
  });
});
