/** Small HTTP helpers: JSON answers, the gateway's answers (answers.ts) as HTTP responses, body reading with a size limit. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTP_ANSWERS, type HttpAnswer, type PLAIN_ANSWERS } from "../answers.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

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

/** The request body as JSON (at most MAX_BODY_BYTES; read with plain events, cheaper than an async iterator). */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData);
        reject(new BodyError(HTTP_ANSWERS.bodyTooLarge));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("error", reject);
    req.once("end", () => {
      if (size > MAX_BODY_BYTES) return;
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
