/**
 * The set-up both conformance tests share: a fixture server behind a fresh account's public server `conf` (the suite
 * cannot send an Authorization header, so it runs as the account's anonymous agent) under an allow-all policy, and an
 * in-process gateway. Registers the suite's beforeAll and afterAll; the URLs are readable once it has started.
 */
import { seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll } from "vitest";
import { mcpUrl, type RunningGateway, startGateway, testDatabase } from "./gateway.js";

export interface ConformanceGateway {
  /** The fixture's own URL (direct). */
  direct(): string;
  /** The fixture's URL through the gateway. */
  through(): string;
}

export function withConformanceGateway(
  startFixture: () => Promise<{ url: string; close(): Promise<void> }>,
  hookTimeoutMs: number,
): ConformanceGateway {
  let database: TestDatabase | undefined;
  let fixture: { url: string; close(): Promise<void> } | undefined;
  let gw: RunningGateway | undefined;
  let account = "";

  beforeAll(async () => {
    [database, fixture] = await Promise.all([testDatabase(), startFixture()]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "conf",
      url: fixture.url,
      public: true,
    });
    await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    gw = await startGateway(database.url);
  }, hookTimeoutMs);

  afterAll(async () => {
    await gw?.stop();
    await fixture?.close();
    await database?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("withConformanceGateway: read before the suite started");
    return value;
  };
  return {
    direct: () => started(fixture).url,
    through: () => mcpUrl(started(gw).base, account, "conf").toString(),
  };
}
