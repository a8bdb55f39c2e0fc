/**
 * An upstream that speaks the stateless MCP 2026-07-28, built with the official SDK's v2 server
 * (`@modelcontextprotocol/server`): `createMcpHandler` behind plain node:http on 127.0.0.1 and a free port. With
 * `legacy: "reject"` it serves 2026-07-28 only (2025-era requests get `-32022`); with `"stateless"` (the SDK's
 * default) it also serves 2025-era clients, statelessly. Its tools cover what a relay must keep intact: a plain
 * answer, a multi-round-trip (`input_required`) confirmation, progress, and cache hints on its list results.
 */
import { createServer, type Server as HttpServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { acceptedContent, createMcpHandler, inputRequired, McpServer } from "@modelcontextprotocol/server";
import * as z from "zod";

export interface ModernServerOptions {
  legacy?: "reject" | "stateless";
  name?: string;
}

export interface RunningModernServer {
  url: string;
  /** The protocol headers of every POST it received, in order. */
  requests: { method: string; headers: Record<string, string | undefined> }[];
  close(): Promise<void>;
}

function buildServer(name: string): McpServer {
  const server = new McpServer(
    { name, version: "2.0.0" },
    {
      instructions: "A 2026-07-28 fixture.",
      cacheHints: { "tools/list": { ttlMs: 60_000, cacheScope: "public" } },
    },
  );
  server.registerResource(
    "readme",
    "memo://readme",
    { mimeType: "text/plain", cacheHint: { ttlMs: 5000, cacheScope: "public" } },
    async (uri) => ({ contents: [{ uri: uri.href, text: "read me" }] }),
  );
  server.registerTool(
    "echo",
    { description: "Echoes its text", inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  server.registerTool(
    "deploy",
    { description: "Deploys `name`", inputSchema: z.object({ name: z.string() }) },
    async ({ name }) => ({ content: [{ type: "text", text: `deployed ${name}` }] }),
  );
  server.registerTool("secret", { description: "Hidden by the tests' policy" }, async () => ({
    content: [{ type: "text", text: "the secret" }],
  }));
  server.registerTool(
    "confirm",
    { description: "Asks the user to confirm, then answers", inputSchema: z.object({ what: z.string() }) },
    async ({ what }, ctx) => {
      const answer = acceptedContent(ctx.mcpReq.inputResponses, "confirm");
      if (answer === undefined)
        return inputRequired({
          inputRequests: {
            confirm: inputRequired.elicit({
              message: `Really ${what}?`,
              requestedSchema: {
                type: "object",
                properties: { yes: { type: "boolean" } },
                required: ["yes"],
              },
            }),
          },
          requestState: `confirm:${what}`,
        });
      return { content: [{ type: "text", text: `${what}: ${answer.yes === true ? "done" : "not done"}` }] };
    },
  );
  server.registerTool(
    "count",
    {
      description: "Counts to `to`, with progress, waiting `everyMs` before each step",
      inputSchema: z.object({ to: z.number(), everyMs: z.number().optional() }),
    },
    async ({ to, everyMs }, ctx) => {
      for (let step = 1; step <= to; step += 1) {
        if (everyMs) await new Promise((resolve) => setTimeout(resolve, everyMs));
        await ctx.mcpReq.notify({
          method: "notifications/progress",
          params: { progressToken: ctx.mcpReq._meta?.progressToken ?? 0, progress: step, total: to },
        });
      }
      return { content: [{ type: "text", text: `counted to ${to}` }] };
    },
  );
  return server;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startModernServer(options: ModernServerOptions = {}): Promise<RunningModernServer> {
  const name = options.name ?? "modern-fixture";
  const handler = createMcpHandler(() => buildServer(name), { legacy: options.legacy ?? "reject" });
  const requests: RunningModernServer["requests"] = [];
  const http: HttpServer = createServer((req, res) => {
    void (async () => {
      const body = req.method === "POST" ? await readBody(req) : undefined;
      if (req.method === "POST")
        requests.push({
          method: String(JSON.parse(body?.toString() || "{}").method ?? ""),
          headers: {
            "mcp-protocol-version": req.headers["mcp-protocol-version"] as string | undefined,
            "mcp-method": req.headers["mcp-method"] as string | undefined,
            "mcp-name": req.headers["mcp-name"] as string | undefined,
            authorization: req.headers.authorization,
          },
        });
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(key, value);
      const abort = new AbortController();
      res.once("close", () => abort.abort());
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method ?? "GET",
        headers,
        signal: abort.signal,
        ...(body ? { body } : {}),
      });
      const response = await handler.fetch(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return res.end();
      for await (const chunk of response.body) res.write(chunk);
      res.end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    close: async () => {
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
