/** At most N open sessions per agent on a replica: the least recently used idle one makes room, busy ones never. */
import { request } from "node:http";
import { seedAgent, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import {
  connectClient,
  INITIALIZE_REQUEST,
  type RunningGateway,
  sessionIdOf,
  textOf,
  waitFor,
} from "./helpers/gateway.js";

const LIMIT = 2;
interface RawAnswer {
  status: number;
  retryAfter: string | undefined;
  sessionId: string | undefined;
  body: string;
}

/** An initialize (or a legacy SSE GET) from a chosen loopback address, read only as far as its status. */
function open(
  gw: RunningGateway,
  path: string,
  options: { key?: string; from?: string; sse?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      accept: options.sse ? "text/event-stream" : "application/json, text/event-stream",
      "content-type": "application/json",
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
    };
    const req = request(
      {
        host: "127.0.0.1",
        port: gw.port,
        path,
        method: options.sse ? "GET" : "POST",
        headers,
        ...(options.from ? { localAddress: options.from } : {}),
      },
      (res) => {
        const answer: RawAnswer = {
          status: res.statusCode ?? 0,
          retryAfter: res.headers["retry-after"],
          sessionId: res.headers["mcp-session-id"] as string | undefined,
          body: "",
        };
        if (res.statusCode === 200) {
          resolve(answer); // a session's stream: leave it open
          return;
        }
        res.on("data", (chunk: Buffer) => {
          answer.body += chunk.toString();
        });
        res.on("end", () => resolve(answer));
      },
    );
    req.on("error", reject);
    req.end(options.sse ? undefined : JSON.stringify(INITIALIZE_REQUEST));
  });
}

describe("open sessions per agent", () => {
  let otherKey: string;
  const fx = withFixtureGateway(
    { version: "1", default: "allow" },
    {
      gateway: { maxSessionsPerAgent: LIMIT },
      seed: async () => {
        const pub = await seedServer(fx.database.db, {
          organizationId: fx.orgId,
          slug: "pub",
          url: fx.upstream.url,
          public: true,
        });
        await seedPolicy(fx.database.db, { serverId: pub.id, document: { version: "1", default: "allow" } });
        ({ key: otherKey } = await seedAgent(fx.database.db, {
          organizationId: fx.orgId,
          serverIds: [fx.serverId],
          name: "second-agent",
        }));
      },
    },
  );
  let clients: Client[] = [];
  /** Sessions opened without an SDK client, ended after each test: [path, session id]. */
  let rawSessions: [string, string][] = [];

  // Not fx.connect: each test ends its sessions (afterEach), not the suite.
  async function connect(key = fx.key): Promise<Client> {
    const client = await connectClient(fx.url, key);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    const end = async (client: Client) => {
      await (client.transport as StreamableHTTPClientTransport).terminateSession().catch(() => undefined);
      await client.close();
    };
    await Promise.all(clients.map(end));
    clients = [];
    for (const [path, id] of rawSessions)
      await fetch(`${fx.gw.base}${path}`, { method: "DELETE", headers: { "mcp-session-id": id } });
    rawSessions = [];
    await waitFor(() => fx.gw.gateway.sessions.size === 0);
  });

  it("closes the agent's least recently used idle session to open a new one", async () => {
    const oldest = await connect();
    const recent = await connect();
    await oldest.callTool({ name: "echo", arguments: { message: "first" } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await recent.callTool({ name: "echo", arguments: { message: "second" } });
    const evictedId = sessionIdOf(oldest);

    const newest = await connect();
    await waitFor(() => fx.gw.gateway.sessions.size === LIMIT);
    expect(fx.gw.gateway.sessions.get(evictedId)).toBeUndefined();
    await expect(oldest.callTool({ name: "echo", arguments: { message: "again" } })).rejects.toThrow(
      /Session not found/,
    );
    expect(textOf(await recent.callTool({ name: "echo", arguments: { message: "still here" } }))).toBe(
      "still here",
    );
    expect(textOf(await newest.callTool({ name: "echo", arguments: { message: "new" } }))).toBe("new");
    // Ended, not only detached: its upstream session is gone and its shared record cannot be resumed.
    await waitFor(() => fx.upstream.sessions() === LIMIT);
    expect(await fx.gw.gateway.state.getSession(evictedId)).toBeUndefined();
    const metrics = await (await fetch(`${fx.gw.base}/metrics`)).text();
    expect(metrics).toContain("gatehouse_sessions_evicted_total 1");
  });

  it("refuses a new session (429) while every one of the agent's sessions is busy, on both transports", async () => {
    const busy = [await connect(), await connect()];
    const calls = busy.map((client) => client.callTool({ name: "slow", arguments: { ms: 1500 } }));
    await waitFor(() => fx.upstream.calls.filter((name) => name === "slow").length >= 2);

    const path = `/${fx.account}/${fx.server}`;
    const refused = await open(fx.gw, `${path}/mcp`, { key: fx.key });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe("5");
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: -32000, message: expect.stringContaining("Too many open sessions") },
    });
    expect((await open(fx.gw, `${path}/sse`, { key: fx.key, sse: true })).status).toBe(429);
    expect(fx.gw.gateway.sessions.size).toBe(LIMIT);

    // Another agent of the account has its own allowance.
    const otherClient = await connect(otherKey);
    expect(textOf(await otherClient.callTool({ name: "echo", arguments: { message: "mine" } }))).toBe("mine");

    // The busy calls are not disturbed, and once they are answered there is room again.
    expect((await Promise.all(calls)).map(textOf)).toEqual(["done", "done"]);
    const after = await connect();
    expect(textOf(await after.callTool({ name: "echo", arguments: { message: "room" } }))).toBe("room");
  });

  it("counts a public server's anonymous sessions per client address", async () => {
    const path = `/${fx.account}/pub/mcp`;
    const openAnonymous = async (from?: string) => {
      const answer = await open(fx.gw, path, from ? { from } : {});
      expect(answer.status).toBe(200);
      rawSessions.push([path, answer.sessionId ?? ""]);
    };
    for (let session = 0; session < LIMIT + 1; session += 1) await openAnonymous();
    await waitFor(() => fx.gw.gateway.sessions.size === LIMIT); // the oldest idle one made room for the last
    await openAnonymous("127.0.0.2");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fx.gw.gateway.sessions.size).toBe(LIMIT + 1); // another address, another allowance
  });
});
