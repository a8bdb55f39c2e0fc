/** Small HTTP helpers: JSON answers, the gateway's answers (answers.ts) as HTTP responses, body reading with a size limit. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTP_ANSWERS, type HttpAnswer, type PLAIN_ANSWERS } from "../answers.js";

/**
 * Request body limits (GATEWAY_MAX_BODY_BYTES, GATEWAY_STDIO_MAX_BODY_BYTES). The default for a server over HTTP is
 * the SDK's Streamable HTTP server's own limit (4 MB), so such an upstream refuses nothing the gateway passes and the
 * gateway refuses nothing it would take. A stdio server has no limit of its own (a direct client writes any size to
 * its pipe), so its default is the largest answer the gateway reads from an upstream (32 MB): bounded, as a shared
 * process must be, but far beyond what the HTTP path allows.
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_STDIO_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface BodyLimits {
  http: number;
  stdio: number;
}

/** The body limit for requests to `transport`'s server. */
export function bodyLimitFor(limits: BodyLimits, transport: string): number {
  return transport === "stdio" ? limits.stdio : limits.http;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** One of the gateway's answers (answers.ts) as a JSON-RPC error body; `data` goes in the error when given. */
export function sendAnswer(res: ServerResponse, answer: HttpAnswer, data?: unknown): void {
  const error: { code: number; message: string; data?: unknown } = {
    code: answer.code,
    message: answer.message,
  };
  if (data !== undefined) error.data = data;
  sendJson(res, answer.status, { jsonrpc: "2.0", error, id: null }, answer.headers);
}

/** One of the gateway's answers outside JSON-RPC: `{ error: { code, message } }`. */
export function sendPlainAnswer(
  res: ServerResponse,
  answer: (typeof PLAIN_ANSWERS)[keyof typeof PLAIN_ANSWERS],
) {
  const headers = "headers" in answer ? answer.headers : undefined;
  sendJson(res, answer.status, { error: { code: answer.code, message: answer.message } }, headers);
}

export class BodyError extends Error {
  constructor(readonly answer: HttpAnswer) {
    super(answer.message);
  }
}

/** The request body as JSON (at most `maxBytes`; read with plain events, cheaper than an async iterator). */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        reject(new BodyError(HTTP_ANSWERS.bodyTooLarge));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("error", reject);
    req.once("end", () => {
      if (size > maxBytes) return;
      try {
        const text =
          chunks.length === 1
            ? (chunks[0] as Buffer).toString("utf8")
            : Buffer.concat(chunks).toString("utf8");
        resolve(JSON.parse(text));
      } catch {
        reject(new BodyError(HTTP_ANSWERS.bodyNotJson));
      }
    });
  });
}

export function isInitializeRequest(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) =>
      message && typeof message === "object" && (message as { method?: unknown }).method === "initialize",
  );
}
