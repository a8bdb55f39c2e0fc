// An agent's account-URL preview against a real database and a real upstream (our fixture server, synced): for
// each scoped server the policy the agent runs under there (a named one, or the default), every tool's decision as
// @gatehouse/policy explains it, the names the account URL lists it by, and why a tool is left out (hidden, no
// published policy, a pinned definition awaiting acceptance). Another account's agent is not found.

import { seedAgent, seedPolicy, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { compilePolicy, explainTool, type TPolicy } from "@gatehouse/policy";
import { type RunningFixture, startFixtureServer } from "@gatehouse/test-fixtures/fixture-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewAccountTools } from "@/server/agents/preview-account-tools";
import { syncServerTools } from "@/server/tools/sync-server-tools";
import { codeOf, makeAccount, type TTestAccount } from "./helpers";

const LONG_TOOL = `summarise_${"quarterly_".repeat(6)}report`;
const CAREFUL: TPolicy = {
  version: "1",
  default: "deny",
  tools: { echo: {}, "files*": {}, deploy: { action: "deny", reason: "Deploys go through CI" } },
  hide: ["headers"],
};

let database: TestDatabase;
let upstream: RunningFixture;
let a: TTestAccount;
let b: TTestAccount;

beforeAll(async () => {
  const schema = { type: "object" as const, properties: {} };
  const names = ["echo", "deploy", "headers", "files.read", "files_read", LONG_TOOL];
  [database, upstream] = await Promise.all([
    createTestDatabase(),
    startFixtureServer({ tools: names.map((name) => ({ definition: { name, inputSchema: schema } })) }),
  ]);
  a = await makeAccount(database.db);
  b = await makeAccount(database.db);
});

afterAll(async () => {
  await upstream?.close();
  await database?.close();
});

describe("an agent's account-URL preview", () => {
  it("lists each server's tools under the agent's policy there, by their account-URL names", async () => {
    const fx = await seedServer(database.db, { organizationId: a.id, slug: "fx", url: upstream.url });
    const docs = await seedServer(database.db, { organizationId: a.id, slug: "docs", url: upstream.url });
    await Promise.all([syncServerTools(a.admin, fx.id), syncServerTools(a.admin, docs.id)]);
    await seedPolicy(database.db, { serverId: fx.id, document: { version: "1", default: "allow" } });
    const careful = await seedPolicy(database.db, { serverId: fx.id, name: "careful", document: CAREFUL });
    // docs has a default policy that was never published: the gateway refuses everything there.
    await database.db.policy.create({
      data: { organizationId: a.id, serverId: docs.id, name: "default", isDefault: true },
    });
    const { agent } = await seedAgent(database.db, {
      organizationId: a.id,
      serverIds: [fx.id, docs.id],
      policyIds: { [fx.id]: careful.id },
    });

    const preview = await previewAccountTools(a.admin, agent.id);
    expect(preview.agentSuspended).toBe(false);
    expect(
      preview.servers.map((server) => [server.slug, server.policy?.name, server.policy?.version]),
    ).toEqual([
      ["fx", "careful", 1],
      ["docs", "default", null],
    ]);
    const [fxTools, docsTools] = preview.servers.map(
      (server) => new Map(server.tools.map((tool) => [tool.name, tool])),
    );
    const engine = compilePolicy(CAREFUL);
    for (const tool of fxTools?.values() ?? [])
      expect(tool.explanation).toEqual(explainTool(engine, tool.name));
    const listed = (name: string) => fxTools?.get(name)?.accountName;
    expect(listed("echo")).toBe("fx__echo");
    // `files_read` keeps its name; `files.read`, which would become the same, is hashed — as is an over-long name.
    expect(listed("files_read")).toBe("fx__files_read");
    expect(listed("files.read")).toMatch(/^fx__files_read_[0-9a-f]{8}$/);
    expect(fxTools?.get(LONG_TOOL)).toMatchObject({ accountName: null, absence: "hidden" });
    expect(fxTools?.get("deploy")).toMatchObject({
      accountName: "fx__deploy",
      explanation: { effect: "deny" },
    });
    expect(fxTools?.get("headers")).toMatchObject({ accountName: null, absence: "hidden" });
    expect([...(docsTools?.values() ?? [])].every((tool) => tool.absence === "no_policy")).toBe(true);
    expect(docsTools?.get("echo")).toMatchObject({ accountName: null, explanation: null });

    // Under the default policy (allow everything) the over-long name is listed, cut to 64 characters and hashed.
    await database.db.agentServer.update({
      where: { agentId_serverId: { agentId: agent.id, serverId: fx.id } },
      data: { policyId: null },
    });
    const allowed = await previewAccountTools(a.admin, agent.id);
    const long = allowed.servers[0]?.tools.find((tool) => tool.name === LONG_TOOL);
    expect(long?.accountName).toMatch(/^fx__summarise_quarterly_[a-z_]+_[0-9a-f]{8}$/);
    expect(long?.accountName).toHaveLength(64);
    expect(long?.explanation?.effect).toBe("allow");
  });

  it("leaves out a pinned server's changed tool until it is accepted, a suspended server, an OAuth server not connected, and says when the agent is suspended", async () => {
    const pinned = await seedServer(database.db, {
      organizationId: a.id,
      slug: "pinned",
      url: upstream.url,
      pinTools: true,
    });
    await syncServerTools(a.admin, pinned.id);
    await seedPolicy(database.db, { serverId: pinned.id, document: { version: "1", default: "allow" } });
    await database.db.tool.update({
      where: { serverId_name: { serverId: pinned.id, name: "echo" } },
      data: { pendingHash: "changed", pendingDefinition: { name: "echo" } },
    });
    // One after the other: the preview orders servers as they were registered.
    const paused = await seedServer(database.db, { organizationId: a.id, slug: "paused", url: upstream.url });
    const signIn = await seedServer(database.db, {
      organizationId: a.id,
      slug: "sign-in",
      url: upstream.url,
    });
    for (const server of [paused, signIn]) {
      await syncServerTools(a.admin, server.id);
      await seedPolicy(database.db, {
        serverId: server.id,
        document: { version: "1", default: "allow" },
      });
    }
    await database.db.server.update({ where: { id: paused.id }, data: { suspended: true } });
    await database.db.server.update({ where: { id: signIn.id }, data: { auth: "oauth" } });
    const { agent } = await seedAgent(database.db, {
      organizationId: a.id,
      serverIds: [pinned.id, paused.id, signIn.id],
      name: "pinned-agent",
    });
    await database.db.agent.update({ where: { id: agent.id }, data: { suspended: true } });
    const preview = await previewAccountTools(a.admin, agent.id);
    expect(preview.agentSuspended).toBe(true);
    const tools = preview.servers[0]?.tools ?? [];
    expect(tools.find((tool) => tool.name === "echo")).toMatchObject({
      accountName: null,
      absence: "pending_acceptance",
      explanation: { effect: "allow" },
    });
    expect(tools.find((tool) => tool.name === "deploy")?.accountName).toBe("pinned__deploy");
    const [, pausedTools, signInTools] = preview.servers.map((server) => server.tools);
    expect(
      pausedTools?.every((tool) => tool.accountName === null && tool.absence === "server_suspended"),
    ).toBe(true);
    expect(signInTools?.every((tool) => tool.accountName === null && tool.absence === "not_connected")).toBe(
      true,
    );
    // Once the shared upstream connection is made, its tools are listed.
    await database.db.upstreamConnection.create({
      data: { organizationId: a.id, serverId: signIn.id, subject: "shared" },
    });
    const connected = await previewAccountTools(a.admin, agent.id);
    expect(connected.servers[2]?.tools.find((tool) => tool.name === "echo")?.accountName).toBe(
      "sign-in__echo",
    );

    expect(await codeOf(() => previewAccountTools(b.admin, agent.id))).toBe("not_found");
  });
});
