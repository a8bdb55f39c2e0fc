import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "../../../bench/fixtures/fixture-server.js";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";

const POLICY = {
  version: "1",
  default: "allow",
  tools: { deploy: { action: "require_approval", approval: { timeout: 120, hold: 1 } } },
};

describe("approvals: bound to the server", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let orgId: string;
  let servers: Record<"staging" | "prod", string>;
  let staging: Client;
  let prod: Client;

  const pendingOn = (serverId: string) =>
    waitFor(async () => {
      const row = await database.db.approvalRequest.findFirst({
        where: { organizationId: orgId, serverId, tool: "deploy", status: "pending" },
        orderBy: { requestedAt: "desc" },
      });
      return row ?? undefined;
    });

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    const org = await seedOrganization(database.db);
    orgId = org.id;
    const ids: string[] = [];
    for (const slug of ["staging", "prod"]) {
      const server = await seedServer(database.db, { organizationId: org.id, slug, url: upstream.url });
      await seedPolicy(database.db, { serverId: server.id, document: POLICY });
      ids.push(server.id);
    }
    servers = { staging: ids[0] ?? "", prod: ids[1] ?? "" };
    const seeded = await seedAgent(database.db, { organizationId: org.id, serverIds: ids });
    gw = await startGateway(database.url);
    staging = await connectClient(mcpUrl(gw.base, org.slug, "staging"), seeded.key);
    prod = await connectClient(mcpUrl(gw.base, org.slug, "prod"), seeded.key);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([staging?.close(), prod?.close()]);
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("an approval given on one server is not consumed by the same call on another", async () => {
    const call = { name: "deploy", arguments: { name: "web" } };
    expect(textOf(await staging.callTool(call))).toMatch(/^Approval pending \(id /);
    const approved = await pendingOn(servers.staging);
    await database.db.approvalRequest.update({
      where: { id: approved.id },
      data: { status: "approved", decidedAt: new Date(), usableUntil: new Date(Date.now() + 120_000) },
    });

    const onProd = await prod.callTool(call);
    expect(textOf(onProd)).toMatch(/^Approval pending \(id /);
    expect(textOf(onProd)).not.toContain(approved.id);
    const prodRequest = await pendingOn(servers.prod);
    expect(prodRequest.id).not.toBe(approved.id);
    expect(prodRequest.callHash).not.toBe(approved.callHash);

    expect(textOf(await staging.callTool(call))).toBe("deployed web");
    expect(upstream.calls.filter((name) => name === "deploy")).toHaveLength(1);
    const used = await database.db.approvalRequest.findUniqueOrThrow({ where: { id: approved.id } });
    expect(used.status).toBe("used");
  });
});
