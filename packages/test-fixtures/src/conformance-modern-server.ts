/**
 * Our server for the conformance suite's 2026-07-28 scenarios: the same documented fixtures as conformance-server.ts
 * (conformance-content.ts) served statelessly by the official v2 SDK (`createMcpHandler` with only 2026-07-28,
 * behind node:http on 127.0.0.1 and a free port, with Host/Origin validation against DNS rebinding), and the
 * multi-round-trip tool the input_required scenarios call. Run directly, or registered behind the gateway.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  acceptedContent,
  createMcpHandler,
  hostHeaderValidationResponse,
  inputRequired,
  localhostAllowedHostnames,
  originValidationResponse,
  ProtocolError,
  Server,
} from "@modelcontextprotocol/server";
import {
  getPrompt,
  PNG,
  PROMPTS,
  RESOURCE_TEMPLATES,
  RESOURCES,
  readResource,
  TOOLS,
  WAV,
} from "./conformance-content.js";

type Content = Record<string, unknown>;
const text = (value: string) => ({ content: [{ type: "text", text: value }] as Content[] });

const ANSWERS: Record<string, () => { content: Content[]; isError?: boolean }> = {
  test_simple_text: () => text("This is a simple text response for testing."),
  test_image_content: () => ({ content: [{ type: "image", data: PNG, mimeType: "image/png" }] }),
  test_audio_content: () => ({ content: [{ type: "audio", data: WAV, mimeType: "audio/wav" }] }),
  test_embedded_resource: () => ({
    content: [
      {
        type: "resource",
        resource: {
          uri: "test://embedded-resource",
          mimeType: "text/plain",
          text: "This is an embedded resource content.",
        },
      },
    ],
  }),
  test_multiple_content_types: () => ({
    content: [
      { type: "text", text: "Multiple content types test:" },
      { type: "image", data: PNG, mimeType: "image/png" },
      {
        type: "resource",
        resource: {
          uri: "test://mixed-content-resource",
          mimeType: "application/json",
          text: JSON.stringify({ test: "data", value: 123 }),
        },
      },
    ],
  }),
  test_error_handling: () => ({
    content: [{ type: "text", text: "This tool intentionally returns an error for testing" }],
    isError: true,
  }),
};

const ELICITATION_TOOL = {
  name: "test_input_required_result_elicitation",
  description: "Asks the user for a response through an input_required result",
  inputSchema: { type: "object" as const, properties: {} },
};

function buildServer(): Server {
  const server = new Server(
    { name: "gatehouse-conformance-fixture", version: "1.0.0" },
    { capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} } },
  );
  server.setRequestHandler("tools/list", () => ({ tools: [...TOOLS, ELICITATION_TOOL] as never }));
  server.setRequestHandler("tools/call", async (request, ctx) => {
    const name = request.params.name;
    const answer = ANSWERS[name];
    if (answer) return answer() as never;
    if (name === "test_tool_with_progress") {
      const progressToken = request.params._meta?.progressToken ?? 0;
      for (const progress of [0, 50, 100]) {
        await ctx.mcpReq.notify({
          method: "notifications/progress",
          params: { progressToken, progress, total: 100, message: `Completed step ${progress} of 100` },
        });
        if (progress < 100) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return text(String(progressToken)) as never;
    }
    if (name === ELICITATION_TOOL.name) {
      const response = acceptedContent(ctx.mcpReq.inputResponses, "user_input");
      if (response === undefined)
        return inputRequired({
          inputRequests: {
            user_input: inputRequired.elicit({
              message: "Please provide your response",
              requestedSchema: { type: "object", properties: { response: { type: "string" } } },
            }),
          },
        }) as never;
      return text(`User response: ${JSON.stringify(response)}`) as never;
    }
    if (name === "json_schema_2020_12_tool")
      return text(
        `JSON Schema 2020-12 tool called with: ${JSON.stringify(request.params.arguments ?? {})}`,
      ) as never;
    throw new ProtocolError(-32602, `Unknown tool: ${name}`);
  });
  server.setRequestHandler("resources/list", () => ({ resources: RESOURCES }) as never);
  server.setRequestHandler(
    "resources/templates/list",
    () => ({ resourceTemplates: RESOURCE_TEMPLATES }) as never,
  );
  server.setRequestHandler("resources/read", (request) => {
    const contents = readResource(request.params.uri);
    if (!contents) throw new ProtocolError(-32602, `Resource not found: ${request.params.uri}`);
    return { contents } as never;
  });
  server.setRequestHandler("prompts/list", () => ({ prompts: PROMPTS }) as never);
  server.setRequestHandler("prompts/get", (request) => {
    const messages = getPrompt(
      request.params.name,
      (request.params.arguments ?? {}) as Record<string, string>,
    );
    if (!messages) throw new ProtocolError(-32602, `Unknown prompt: ${request.params.name}`);
    return { messages } as never;
  });
  server.setRequestHandler("completion/complete", () => ({
    completion: { values: [], total: 0, hasMore: false },
  }));
  return server;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface RunningModernConformanceServer {
  url: string;
  close(): Promise<void>;
}

export async function startModernConformanceServer(): Promise<RunningModernConformanceServer> {
  const handler = createMcpHandler(buildServer, { legacy: "reject" });
  let port = 0;
  const http = createServer((req, res) => {
    void (async () => {
      const body = req.method === "POST" ? await readBody(req) : undefined;
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(key, value);
      const request = new Request(`http://127.0.0.1:${port}${req.url}`, {
        method: req.method ?? "GET",
        headers,
        ...(body ? { body } : {}),
      });
      const response =
        hostHeaderValidationResponse(request, localhostAllowedHostnames()) ??
        originValidationResponse(request, [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) ??
        (await handler.fetch(request));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body) res.write(chunk);
      res.end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
