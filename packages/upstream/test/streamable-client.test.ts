import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamableClientTransport, UnansweredRequests } from "../src/index.js";

// The client writes headers to node:http as raw pairs (unvalidated by node), so it must validate them itself.
describe("StreamableClientTransport headers", () => {
  let server: Server;
  let url: URL;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on("end", () => {
        res.writeHead(202, { "mcp-session-id": "s-1" });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const note = { jsonrpc: "2.0", method: "notifications/roots/list_changed" } as const;

  it("sends the Host, the stored headers and the session's headers once each", async () => {
    const client = new StreamableClientTransport(url, { allowPrivate: true, headers: { "X-Api-Key": "k1" } });
    await client.start();
    await client.send(note);
    client.setProtocolVersion("2025-06-18");
    await client.send(note);
    const [first, second] = seen.slice(-2);
    expect(first?.host).toBe(url.host);
    expect(first?.["x-api-key"]).toBe("k1");
    expect(first?.["content-type"]).toBe("application/json");
    expect(second?.["mcp-session-id"]).toBe("s-1");
    expect(second?.["mcp-protocol-version"]).toBe("2025-06-18");
    await client.close();
  });

  it("lets a stored Host header replace the default rather than doubling it", async () => {
    const client = new StreamableClientTransport(url, {
      allowPrivate: true,
      headers: { Host: "api.example" },
    });
    await client.start();
    await client.send(note);
    expect(seen.at(-1)?.host).toBe("api.example");
    await client.close();
  });

  it("refuses header values that would split the request, before anything is sent", async () => {
    expect(
      () =>
        new StreamableClientTransport(url, { allowPrivate: true, headers: { "x-a": "1\r\nx-injected: 1" } }),
    ).toThrow("Invalid stored header: the value of x-a contains a line break or control character");
    // Headers that frame the message or manage the connection would let one account splice another account's
    // request into its own on a shared connection.
    for (const name of [
      "Content-Length",
      "transfer-encoding",
      "Connection",
      "proxy-authorization",
      "expect",
    ]) {
      expect(
        () => new StreamableClientTransport(url, { allowPrivate: true, headers: { [name]: "60" } }),
      ).toThrow(`Invalid stored header: ${name} is set by the gateway for each request and cannot be stored`);
    }
    const client = new StreamableClientTransport(url, { allowPrivate: true });
    await client.start();
    client.setProtocolVersion("2025-06-18\r\nx-injected: 1");
    const before = seen.length;
    await expect(client.send(note)).rejects.toThrow("Invalid header value for mcp-protocol-version");
    expect(seen.length).toBe(before);
    await client.close();
  });
});

// One upstream must not be able to exhaust the memory every account shares, nor leave an agent waiting for an
// answer that cannot come.
describe("StreamableClientTransport answers it will not wait for", () => {
  const LIMIT = 1000;
  let server: Server;
  let url: URL;
  const closedStreams: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", () => {
        const { id, method } = JSON.parse(body) as { id?: number; method: string };
        res.on("close", () => closedStreams.push(method));
        const event = (message: unknown) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;
        if (method === "big/json") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ jsonrpc: "2.0", id, result: { text: "x".repeat(LIMIT) } }));
        } else if (method === "huge/json") {
          const text = JSON.stringify({ jsonrpc: "2.0", id, result: { text: "x".repeat(100 * LIMIT) } });
          res.writeHead(200, {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(text),
          });
          res.write(text.slice(0, LIMIT / 2));
          setTimeout(() => res.write(text.slice(LIMIT / 2)), 20);
        } else if (method === "big/event") {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write(
            `event: message\ndata: {"jsonrpc":"2.0","id":${id},"result":{"text":"${"x".repeat(LIMIT)}`,
          );
          // …and never ends the line: the client must stop reading on its own.
        } else if (method === "ends/early") {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.end(
            event({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: 1 } }),
          );
        } else {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.end(event({ jsonrpc: "2.0", id, result: { ok: true } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function client() {
    const transport = new StreamableClientTransport(url, { allowPrivate: true, maxMessageBytes: LIMIT });
    const errors: Error[] = [];
    const messages: unknown[] = [];
    transport.onerror = (error) => errors.push(error);
    transport.onmessage = (message) => messages.push(message);
    await transport.start();
    return { transport, errors, messages };
  }

  const request = (id: number, method: string) => ({ jsonrpc: "2.0" as const, id, method });

  it("refuses a JSON answer over the limit, and the next request still works", async () => {
    const { transport, messages } = await client();
    await expect(transport.send(request(1, "big/json"))).rejects.toThrow(
      "the upstream's answer is larger than the gateway accepts",
    );
    expect(messages).toEqual([]);
    // A body still arriving is not read to its end: its connection is dropped.
    await expect(transport.send(request(3, "huge/json"))).rejects.toThrow("larger than the gateway accepts");
    await waitUntil(() => closedStreams.includes("huge/json"));
    await transport.send(request(2, "small")); // the next request gets a connection of its own
    await waitUntil(() => messages.length === 1);
    expect(messages[0]).toMatchObject({ id: 2, result: { ok: true } });
    await transport.close();
  });

  it("stops reading an event that grows past the limit and names the request it leaves unanswered", async () => {
    const { transport, errors, messages } = await client();
    await transport.send(request(7, "big/event"));
    await waitUntil(() => errors.some((error) => error instanceof UnansweredRequests));
    const unanswered = errors.find((error) => error instanceof UnansweredRequests) as UnansweredRequests;
    expect(unanswered.requestIds).toEqual([7]);
    expect(unanswered.reason).toBe("message_too_large");
    expect(unanswered.message).toContain("larger than the gateway accepts");
    expect(messages).toEqual([]);
    await waitUntil(() => closedStreams.includes("big/event")); // the upstream sees its stream dropped
    await transport.close();
  });

  it("says at once when an answer stream ends without the answer", async () => {
    const { transport, errors, messages } = await client();
    await transport.send(request(8, "ends/early"));
    await waitUntil(() => errors.some((error) => error instanceof UnansweredRequests));
    const unanswered = errors.find((error) => error instanceof UnansweredRequests) as UnansweredRequests;
    expect(unanswered.requestIds).toEqual([8]);
    expect(unanswered.reason).toBe("stream_ended");
    expect(messages).toHaveLength(1); // the notification before the end still went through
    await transport.close();
  });

  it("reports nothing when the stream carried its answer", async () => {
    const { transport, errors, messages } = await client();
    await transport.send(request(9, "small"));
    await waitUntil(() => messages.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual([]);
    await transport.close();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
