import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamableClientTransport } from "../src/index.js";

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
