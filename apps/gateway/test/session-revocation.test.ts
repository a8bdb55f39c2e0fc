import { seedAgent, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { sessionIdOf, textOf, waitFor } from "./helpers/gateway.js";

// Every request is authenticated, but a session's open streams outlive the request that was checked: once its
// caller may no longer use the server, the gateway ends the session (streams and upstream session included).
describe("sessions end when their caller loses access", () => {
  const fx = withFixtureGateway(
    { version: "1", default: "allow" },
    {
      seed: async () => {
        const pub = await seedServer(fx.database.db, {
          organizationId: fx.orgId,
          slug: "pub",
          url: fx.upstream.url,
          public: true,
        });
        await seedPolicy(fx.database.db, { serverId: pub.id, document: { version: "1", default: "allow" } });
      },
    },
  );
  let agents = 0;

  /** A new agent of the account with a session open on the fixture server. */
  async function openSession(): Promise<{ agentId: string; client: Client; sessionId: string }> {
    agents += 1;
    const { agent, key } = await seedAgent(fx.database.db, {
      organizationId: fx.orgId,
      serverIds: [fx.serverId],
      name: `agent-${agents}`,
    });
    const client = await waitFor(() => fx.connect({ key }).catch(() => undefined));
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "hi" } }))).toBe("hi");
    return { agentId: agent.id, client, sessionId: sessionIdOf(client) };
  }

  const ended = (sessionId: string) =>
    waitFor(() => fx.gw.gateway.sessions.get(sessionId) === undefined, 3000);

  it("ends the session of a suspended agent, and only that one", async () => {
    const doomed = await openSession();
    const bystander = await openSession();
    const upstreamSessions = fx.upstream.sessions();
    await fx.database.db.agent.update({ where: { id: doomed.agentId }, data: { suspended: true } });
    await ended(doomed.sessionId);
    await waitFor(() => fx.upstream.sessions() === upstreamSessions - 1, 3000); // its upstream session too
    expect(fx.gw.gateway.sessions.get(bystander.sessionId)).toBeDefined();
    expect(textOf(await bystander.client.callTool({ name: "echo", arguments: { message: "on" } }))).toBe(
      "on",
    );
    await Promise.all([doomed.client.close(), bystander.client.close()]);
  });

  it("answers a call still waiting on the upstream with the reason before it ends the session", async () => {
    const doomed = await openSession();
    const started = Date.now();
    const call = doomed.client.callTool({ name: "slow", arguments: { ms: 3000 } });
    await waitFor(() => fx.upstream.calls.at(-1) === "slow");
    // Expect the refusal before suspending: it can arrive before the update's own answer does.
    const refused = expect(call).rejects.toThrow("Forbidden: the agent was suspended");
    await fx.database.db.agent.update({ where: { id: doomed.agentId }, data: { suspended: true } });
    await refused;
    expect(Date.now() - started).toBeLessThan(2500);
    const audited = await waitFor(async () => {
      const event = await fx.database.db.auditEvent.findFirst({
        where: { agentId: doomed.agentId, tool: "slow" },
      });
      return event ?? undefined;
    });
    expect(audited).toMatchObject({ decision: "allowed", upstreamStatus: "revoked" });
    await ended(doomed.sessionId);
    await doomed.client.close();
  });

  it("ends a session once the key it used is revoked", async () => {
    const doomed = await openSession();
    await fx.database.db.agentKey.updateMany({
      where: { agentId: doomed.agentId },
      data: { revokedAt: new Date() },
    });
    await ended(doomed.sessionId);
    await doomed.client.close();
  });

  it("ends a session when the server leaves the agent's scope", async () => {
    const doomed = await openSession();
    await fx.database.db.agentServer.deleteMany({ where: { agentId: doomed.agentId } });
    await ended(doomed.sessionId);
    await doomed.client.close();
  });

  it("keeps an anonymous session on a public server through changes, and ends it when the server is made private", async () => {
    const client = await fx.connect({ key: null, server: "pub" });
    const sessionId = sessionIdOf(client);
    const other = await openSession(); // a change to the account: every session of it is checked again
    await fx.database.db.agent.update({ where: { id: other.agentId }, data: { suspended: true } });
    await ended(other.sessionId);
    expect(fx.gw.gateway.sessions.get(sessionId)).toBeDefined();
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "still" } }))).toBe("still");
    await fx.database.db.server.update({
      where: { organizationId_slug: { organizationId: fx.orgId, slug: "pub" } },
      data: { public: false },
    });
    await ended(sessionId);
    await Promise.all([client.close(), other.client.close()]);
  });
});
