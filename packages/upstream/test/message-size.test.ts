import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstreamFetch } from "../src/fetch.js";

const LIMIT = 1000;

/** Each route answers with these chunks, a few milliseconds apart so that each arrives on its own. */
const ROUTES: Record<string, { type: string; chunks: string[] }> = {
  "/endless-line": { type: "text/event-stream", chunks: ["data: ", "x".repeat(600), "x".repeat(600)] },
  "/endless-event": {
    type: "text/event-stream",
    chunks: Array.from({ length: 20 }, () => "data: xxxxxxxxxx\n".repeat(5)),
  },
  "/many-events": {
    type: "text/event-stream",
    chunks: Array.from({ length: 30 }, () => `data: ${"x".repeat(100)}\n\n`),
  },
  "/split-event-end": {
    type: "text/event-stream",
    chunks: [`data: ${"x".repeat(700)}\r\n`, `\r\ndata: ${"x".repeat(700)}\n`, "\n"],
  },
  "/big-json": { type: "application/json", chunks: [`"${"x".repeat(600)}`, `${"x".repeat(600)}"`] },
  "/small-json": { type: "application/json", chunks: [`"${"x".repeat(600)}"`] },
};

describe("the upstream fetch bounds one answer", () => {
  let server: Server;
  let base: string;
  const fetch = createUpstreamFetch({ allowPrivate: true, maxMessageBytes: LIMIT });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const route = ROUTES[req.url ?? ""];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": route.type });
      for (const chunk of route.chunks) {
        if (res.destroyed) return;
        res.write(chunk);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const read = async (route: string) => (await fetch(`${base}${route}`)).text();

  it("refuses a line, an event or a JSON body larger than the limit", async () => {
    for (const route of ["/endless-line", "/endless-event", "/big-json"]) {
      await expect(read(route), route).rejects.toThrow();
    }
    const response = await fetch(`${base}/endless-line`);
    const reader = response.body?.getReader();
    const failure = await (async () => {
      try {
        while (!(await reader?.read())?.done);
        return undefined;
      } catch (error: unknown) {
        return error;
      }
    })();
    expect(String(failure)).toContain("larger than the gateway accepts");
  });

  it("reads a stream of many events, however long, and events whose end is split across chunks", async () => {
    expect(await read("/many-events")).toHaveLength(30 * 108);
    expect(await read("/split-event-end")).toContain("\r\n\r\n");
    expect(await read("/small-json")).toHaveLength(602);
  });
});
