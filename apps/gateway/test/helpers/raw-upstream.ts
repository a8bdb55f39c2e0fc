/**
 * An MCP upstream written at the HTTP level, for faults an SDK server would never commit: it answers initialize and
 * takes notifications itself, and hands every other request to the test, which writes the exact bytes it wants.
 * On 127.0.0.1 and a free port; one upstream session, `UPSTREAM_SESSION`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const UPSTREAM_SESSION = "raw-upstream-1";

export interface RawRequest {
  id: number | string;
  method: string;
  params?: { name?: string; arguments?: Record<string, unknown> };
}

export interface RawUpstream {
  url: string;
  close(): Promise<void>;
}

/** Tool definitions with these names and an empty input schema. */
export function toolsNamed(...names: string[]) {
  return names.map((name) => ({ name, description: name, inputSchema: { type: "object", properties: {} } }));
}

/** One SSE event carrying `message`. */
export function sseEvent(message: unknown): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}

export async function startRawUpstream(options: {
  name: string;
  /** Answers a request other than initialize. */
  onRequest(request: RawRequest, res: ServerResponse): void;
  /** Answers a GET (default: 405, a server without a GET stream). */
  onGet?(req: IncomingMessage, res: ServerResponse): void;
}): Promise<RawUpstream> {
  const server = createServer((req, res) => {
    if (req.method === "GET" && options.onGet) {
      options.onGet(req, res);
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(req.method === "DELETE" ? 200 : 405).end();
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      const message = JSON.parse(body) as Partial<RawRequest>;
      if (message.id === undefined) {
        res.writeHead(202).end();
        return;
      }
      const request = message as RawRequest;
      if (request.method !== "initialize") {
        options.onRequest(request, res);
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "mcp-session-id": UPSTREAM_SESSION });
      res.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: request.id,
          result: {
            protocolVersion: "2025-06-18",
            capabilities: { tools: {} },
            serverInfo: { name: options.name, version: "1" },
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
