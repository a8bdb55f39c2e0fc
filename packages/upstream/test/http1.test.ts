/**
 * The relay's HTTP/1.1 client against a raw TCP server that answers with exact bytes: every body framing, responses
 * split at every byte, interim responses, connection reuse and closing, and the malformed answers it must refuse.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { http1Request, idleOrigins } from "../src/http1.js";
import type { Http1Response } from "../src/http1-response.js";

interface RawServer {
  url: URL;
  /** Sockets accepted so far. */
  connections: number;
  /** The raw requests received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A server that answers each request (one per `\r\n\r\n`-terminated head) with `answer(n)`, as chunks. */
async function rawServer(answer: (index: number) => { chunks: (string | Buffer)[]; end?: boolean }) {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0, requests: [] as string[] };
  const server = net.createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.setNoDelay(true); // answers come in several small writes: no Nagle delay between them
    socket.on("close", () => sockets.delete(socket));
    let buffered = "";
    socket.on("data", async (data) => {
      buffered += data.toString("latin1");
      for (;;) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = buffered.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        state.requests.push(buffered.slice(0, end + 4 + length));
        buffered = buffered.slice(end + 4 + length);
        const reply = answer(state.requests.length - 1);
        for (const chunk of reply.chunks) {
          socket.write(chunk);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (reply.end) socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return Object.assign(state, {
    url: new URL(`http://127.0.0.1:${port}/mcp?x=1`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  }) as RawServer;
}

function send(url: URL, body = '{"a":1}') {
  const headers = [
    ["host", url.host],
    ["content-type", "application/json"],
    ["content-length", String(Buffer.byteLength(body))],
  ] as const;
  const exchange = http1Request(url, true, "POST", headers, body);
  return new Promise<{ response: Http1Response; body: string }>((resolve, reject) => {
    exchange.on("error", reject);
    exchange.on("response", (response: Http1Response) => {
      const parts: Buffer[] = [];
      response.on("data", (chunk: Buffer) => parts.push(chunk));
      response.once("error", reject);
      response.once("end", () => resolve({ response, body: Buffer.concat(parts).toString("utf8") }));
    });
  });
}

/** Waits (up to 2 s) for the client to have idle connections to exactly `count` origins. */
async function untilIdleOrigins(count: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (idleOrigins() !== count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every split of `text` into two writes. */
function splits(text: string): string[][] {
  return Array.from({ length: text.length - 1 }, (_, i) => [text.slice(0, i + 1), text.slice(i + 1)]);
}

describe("http1Request", () => {
  const chunked =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n" +
    "7;ext=1\r\nevent: \r\n12\r\nmessage\ndata: {}\n\n\r\n0\r\nx-trailer: 1\r\n\r\n";
  const fixed = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n{"ok":ü}';

  it("reads chunked (with extensions and trailers) and Content-Length bodies split at every byte", async () => {
    const cases = [...splits(chunked), ...splits(fixed)];
    const server = await rawServer((i) => ({ chunks: cases[i] ?? [] }));
    try {
      for (let i = 0; i < cases.length; i += 1) {
        const { response, body } = await send(server.url);
        expect(response.statusCode).toBe(200);
        expect(body).toBe(
          cases[i]?.join("").includes("chunked") ? "event: message\ndata: {}\n\n" : '{"ok":ü}',
        );
        expect(response.complete).toBe(true);
      }
      // One connection served every request: each response ended where its framing said.
      expect(server.connections).toBe(1);
      expect(server.requests[0]).toMatch(/^POST \/mcp\?x=1 HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\n/);
      expect(server.requests[0]).toContain('connection: keep-alive\r\n\r\n{"a":1}');
    } finally {
      await server.close();
    }
  });

  it("forgets an origin once it has no idle connections left, so talking to many upstreams leaks nothing", async () => {
    await untilIdleOrigins(0); // the servers of earlier tests are closed
    const servers = await Promise.all(
      Array.from({ length: 20 }, () => rawServer(() => ({ chunks: [fixed] }))),
    );
    for (const server of servers) expect((await send(server.url)).body).toBe('{"ok":ü}');
    expect(idleOrigins()).toBe(20);
    await Promise.all(servers.map((server) => server.close()));
    await untilIdleOrigins(0);
    expect(idleOrigins()).toBe(0);
  });

  it("skips interim responses, reads a body up to the close, and does not reuse that connection", async () => {
    const server = await rawServer((i) =>
      i === 0
        ? {
            chunks: [
              "HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\n",
              "HTTP/1.1 200 OK\r\n\r\nuntil ",
              "the end",
            ],
            end: true,
          }
        : { chunks: ["HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n"] },
    );
    try {
      const first = await send(server.url);
      expect(first.response.statusCode).toBe(200);
      expect(first.body).toBe("until the end");
      const second = await send(server.url);
      expect(second.response.statusCode).toBe(202);
      expect(server.connections).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("does not reuse a connection the server says it closes, nor one with bytes past the response", async () => {
    const server = await rawServer((i) => ({
      chunks: [
        i === 0
          ? "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok"
          : "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA",
      ],
    }));
    try {
      expect((await send(server.url)).body).toBe("ok");
      expect((await send(server.url)).body).toBe("ok");
      expect((await send(server.url)).body).toBe("ok");
      expect(server.connections).toBe(3);
    } finally {
      await server.close();
    }
  });

  it("refuses malformed answers with a parse error", async () => {
    const bad = [
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nbad header\r\n\r\n",
      "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\ncontent-length: 1, 2\r\n\r\nx",
      "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nokXX",
      `HTTP/1.1 200 OK\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n 2\r\nok\r\n0\r\n\r\n",
    ];
    const server = await rawServer((i) => ({ chunks: [bad[i] ?? ""] }));
    try {
      for (let i = 0; i < bad.length; i += 1) await expect(send(server.url)).rejects.toThrow(/Parse Error/);
    } finally {
      await server.close();
    }
  });

  it("reports a refused connection and a connection dropped mid-answer", async () => {
    const closed = await rawServer(() => ({ chunks: [] }));
    const url = closed.url;
    await closed.close();
    await expect(send(url)).rejects.toThrow(/ECONNREFUSED/);

    const dropping = await rawServer(() => ({
      chunks: ["HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf"],
      end: true,
    }));
    try {
      await expect(send(dropping.url)).rejects.toThrow("socket hang up");
    } finally {
      await dropping.close();
    }
  });

  it("never throws an unheard error: a resumed response that fails just closes", async () => {
    const server = await rawServer(() => ({
      chunks: ["HTTP/1.1 202 Accepted\r\ncontent-length: 10\r\n\r\nab"],
      end: true,
    }));
    try {
      const exchange = http1Request(
        server.url,
        true,
        "POST",
        [
          ["host", server.url.host],
          ["content-length", "0"],
        ],
        "",
      );
      const response = await new Promise<Http1Response>((resolve) => exchange.on("response", resolve));
      response.resume(); // what the client does with a 202: nobody listens for "error"
      await new Promise((resolve) => response.once("close", resolve));
      expect(response.complete).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("ends an aborted exchange with its error only, never with an end", async () => {
    const server = await rawServer(() => ({ chunks: ["HTTP/1.1 200 OK\r\n\r\nstreaming"] }));
    try {
      const events: string[] = [];
      const aborted = http1Request(server.url, true, "GET", [["host", server.url.host]], undefined);
      const response = await new Promise<Http1Response>((resolve) => aborted.on("response", resolve));
      for (const name of ["data", "end", "error", "close"]) response.on(name, () => events.push(name));
      await new Promise((resolve) => setTimeout(resolve, 20));
      aborted.destroy(new Error("aborted"));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toEqual(["data", "error", "close"]);
    } finally {
      await server.close();
    }
  });

  it("gives a body that arrived with the headers to a reader who attaches afterwards", async () => {
    const server = await rawServer(() => ({ chunks: [fixed] }));
    try {
      const exchange = http1Request(server.url, true, "GET", [["host", server.url.host]], undefined);
      const response = await new Promise<Http1Response>((resolve) => exchange.on("response", resolve));
      await new Promise((resolve) => setTimeout(resolve, 20)); // the whole body is already parsed
      response.setEncoding("utf8");
      let text = "";
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      await new Promise((resolve) => response.once("end", resolve));
      expect(text).toBe('{"ok":ü}');
    } finally {
      await server.close();
    }
  });
});
