import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("approvals: bound to the server, swept when stale", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let orgId: string;
  let agentId: string;
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
    agentId = seeded.agent.id;
    gw = await startGateway(database.url, { approvalSweepMs: 200 });
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

  it("expires undecided requests after their hold ended and deletes arguments nobody needs any more", async () => {
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 600_000);
    const row = (status: "pending" | "approved" | "denied", extra: Record<string, Date | null>) =>
      database.db.approvalRequest.create({
        data: {
          organizationId: orgId,
          serverId: servers.staging,
          agentId,
          tool: "deploy",
          callHash: `sweep-${status}-${Math.random()}`,
          argumentsEnc: "v1.not-really-ciphertext",
          argumentKeys: ["name"],
          rule: "/tools/deploy",
          status,
          expiresAt: past,
          ...extra,
        },
        select: { id: true },
      });
    const expired = await row("pending", {});
    const live = await row("pending", { expiresAt: future });
    const stale = await row("approved", { decidedAt: past, usableUntil: past });
    const usable = await row("approved", { decidedAt: past, usableUntil: future });
    const denied = await row("denied", { decidedAt: past });

    const read = (id: string) =>
      database.db.approvalRequest.findUniqueOrThrow({ where: { id }, omit: { argumentsEnc: false } });
    const swept = await waitFor(async () => {
      const after = await read(expired.id);
      return after.status === "expired" ? after : undefined;
    });
    expect(swept.argumentsEnc).toBeNull();
    expect(swept.decidedAt).not.toBeNull();
    await waitFor(async () => ((await read(denied.id)).argumentsEnc === null ? true : undefined));
    expect(await read(stale.id)).toMatchObject({ status: "approved", argumentsEnc: null });
    expect(await read(live.id)).toMatchObject({
      status: "pending",
      argumentsEnc: "v1.not-really-ciphertext",
    });
    expect(await read(usable.id)).toMatchObject({
      status: "approved",
      argumentsEnc: "v1.not-really-ciphertext",
    });
  });
});
