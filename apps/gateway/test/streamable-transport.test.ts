import http from "node:http";
import { InMemoryEventStore } from "@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterAll, expect, it } from "vitest";
import { StreamableServerTransport } from "../src/http/streamable-server-transport.js";

interface T {
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse, body?: unknown): Promise<void>;
  send(message: unknown): Promise<void>;
  onmessage?: (message: { id?: string | number; method?: string }) => void;
  start(): Promise<void>;
}
async function serve(make: () => T) {
  const t = make();
  t.onmessage = (m) => {
    if (m.method && m.id !== undefined)
      setTimeout(
        () => void t.send({ jsonrpc: "2.0", id: m.id, result: { echo: m.method } }).catch(() => {}),
        5,
      );
  };
  await t.start();
  const server = http.createServer(async (req, res) => {
    let body: unknown;
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        body = undefined;
      }
    }
    await t.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as { port: number }).port };
}
const A = "application/json, text/event-stream";
const init = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } },
};
const cases: [string, string, Record<string, string>, unknown][] = [
  ["PUT", "", {}, undefined],
  ["POST", "", { "content-type": "application/json" }, init],
  ["POST", "", { accept: "application/json", "content-type": "application/json" }, init],
  ["POST", "", { accept: A, "content-type": "text/plain" }, init],
  ["POST", "", { accept: A, "content-type": "application/json" }, { jsonrpc: "2.0", id: 2, method: "ping" }],
  ["GET", "", { accept: "text/event-stream" }, undefined],
  ["POST", "", { accept: A, "content-type": "application/json" }, { foo: 1 }],
  [
    "POST",
    "",
    { accept: A, "content-type": "application/json" },
    Array.from({ length: 101 }, (_, i) => ({ jsonrpc: "2.0", method: "notifications/x", params: { i } })),
  ],
  ["POST", "", { accept: A, "content-type": "application/json; charset=utf-8" }, init],
  ["POST", "", { accept: A, "content-type": "application/json" }, init],
  ["POST", "S", { accept: A, "content-type": "application/json" }, [init, init]],
  ["POST", "", { accept: A, "content-type": "application/json" }, { jsonrpc: "2.0", id: 2, method: "ping" }],
  [
    "POST",
    "bad",
    { accept: A, "content-type": "application/json" },
    { jsonrpc: "2.0", id: 2, method: "ping" },
  ],
  [
    "POST",
    "S",
    { accept: A, "content-type": "application/json", "mcp-protocol-version": "1999-01-01" },
    { jsonrpc: "2.0", id: 2, method: "ping" },
  ],
  [
    "POST",
    "S",
    { accept: A, "content-type": "application/json" },
    { jsonrpc: "2.0", method: "notifications/initialized" },
  ],
  ["POST", "S", { accept: A, "content-type": "application/json" }, { jsonrpc: "2.0", id: 3, method: "ping" }],
  [
    "POST",
    "S",
    { accept: A, "content-type": "application/json" },
    [
      { jsonrpc: "2.0", id: 4, method: "ping" },
      { jsonrpc: "2.0", id: "5", method: "tools/list" },
      { jsonrpc: "2.0", method: "notifications/y" },
    ],
  ],
  ["POST", "S", { accept: A, "content-type": "application/json" }, { jsonrpc: "2.0", id: 6, result: {} }],
  ["GET", "S", {}, undefined],
  ["GET2", "S", { accept: "text/event-stream" }, undefined],
  ["GET", "", { accept: "text/event-stream" }, undefined],
  ["DELETE", "", {}, undefined],
  ["DELETE", "bad", {}, undefined],
  ["POST", "S", { accept: A, "content-type": "application/json" }, null],
  ["DELETE", "S", {}, undefined],
  ["POST", "S", { accept: A, "content-type": "application/json" }, { jsonrpc: "2.0", id: 7, method: "ping" }],
  ["GET", "S", { accept: "text/event-stream" }, undefined],
];
async function run(port: number, c: (typeof cases)[number]): Promise<string> {
  if (c[0] === "GET2") {
    const first = run1(port, ["GET", c[1], c[2], c[3]]);
    await new Promise((r) => setTimeout(r, 50));
    const second = await run1(port, ["GET", c[1], c[2], c[3]]);
    return `${await first} || ${second}`;
  }
  return run1(port, c);
}
function run1(port: number, [method, sid, headers, body]: (typeof cases)[number]): Promise<string> {
  return new Promise((resolve) => {
    const h: Record<string, string> = { ...headers };
    if (sid === "S") h["mcp-session-id"] = "sess-1";
    if (sid === "bad") h["mcp-session-id"] = "other";
    const req = http.request({ host: "127.0.0.1", port, method, headers: h }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      const pick = [
        "content-type",
        "mcp-session-id",
        "allow",
        "cache-control",
        "x-accel-buffering",
        "connection",
        "content-length",
        "transfer-encoding",
      ];
      const hs = pick.map((k) => `${k}=${res.headers[k] ?? "-"}`).join(" ");
      const t = setTimeout(() => {
        req.destroy();
        resolve(`${res.statusCode} ${hs} | ${text} [open]`);
      }, 300);
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        clearTimeout(t);
        resolve(`${res.statusCode} ${hs} | ${text}`);
      });
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
const servers: http.Server[] = [];
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** Event ids are each transport's own: compare that there is one, not its value. */
const sameIds = (answer: string) => answer.replace(/^id: .+$/gm, "id: …");

/**
 * The gateway's node:http transport against the SDK's StreamableHTTPServerTransport with an event store (both
 * resumable), request by request: status, headers and bodies must be the same (validation order, errors, SSE
 * framing and event ids, batches, GET stream, DELETE).
 */
it("answers every request exactly as the SDK's Streamable HTTP server transport does", async () => {
  const sdk = await serve(
    () =>
      new StreamableHTTPServerTransport({
        sessionIdGenerator: () => "sess-1",
        eventStore: new InMemoryEventStore(),
      }) as unknown as T,
  );
  const mine = await serve(
    () => new StreamableServerTransport({ sessionIdGenerator: () => "sess-1" }) as unknown as T,
  );
  servers.push(sdk.server, mine.server);
  for (const c of cases) {
    const label = `${c[0]} ${c[1]} ${JSON.stringify(c[2])} ${JSON.stringify(c[3])?.slice(0, 80)}`;
    expect(sameIds(await run(mine.port, c)), label).toBe(sameIds(await run(sdk.port, c)));
  }
}, 30_000);

/**
 * One raw request on a socket of its own that the client would keep (a keep-alive agent): the answer's `connection`
 * header, and whether the server closed the socket within a second.
 */
function closingRequest(port: number, method: string, headers: Record<string, string>, body?: unknown) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise<{ connection: string | undefined; socketClosed: boolean }>((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, agent, headers: { ...headers, "mcp-session-id": "sess-1" } },
      (res) => {
        res.resume();
        const connection = res.headers.connection;
        const timer = setTimeout(() => {
          agent.destroy();
          resolve({ connection, socketClosed: false });
        }, 1_000);
        res.socket.once("close", () => {
          clearTimeout(timer);
          resolve({ connection, socketClosed: true });
        });
      },
    );
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * RFC 9112 §9.6: an agent that sends `Connection: close` gets its connection closed once the answer is complete.
 * Here the gateway departs from the SDK's transport, which writes `Connection: keep-alive` on every SSE answer
 * whatever the request said.
 */
it("honours Connection: close on SSE answers, closing the socket once the stream ends", async () => {
  const mine = await serve(
    () => new StreamableServerTransport({ sessionIdGenerator: () => "sess-1" }) as unknown as T,
  );
  servers.push(mine.server);
  const json = { accept: A, "content-type": "application/json" };
  await run1(mine.port, ["POST", "", json, init]);
  const batch = [
    { jsonrpc: "2.0", id: 8, method: "ping" },
    { jsonrpc: "2.0", id: 9, method: "tools/list" },
  ];
  // A batch's answer is an SSE stream that ends after its two answers.
  expect(await closingRequest(mine.port, "POST", { ...json, connection: "close" }, batch)).toEqual({
    connection: "close",
    socketClosed: true,
  });
  // Without it, the connection stays open for the next request.
  expect(await closingRequest(mine.port, "POST", json, batch)).toEqual({
    connection: "keep-alive",
    socketClosed: false,
  });
  // A GET stream stays open, but says it will close, so no proxy or client reuses its socket.
  const get = await closingRequest(mine.port, "GET", { accept: "text/event-stream", connection: "close" });
  expect(get.connection).toBe("close");
}, 30_000);
