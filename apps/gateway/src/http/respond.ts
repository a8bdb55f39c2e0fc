/** Small HTTP helpers: JSON answers, JSON-RPC error bodies, the uniform 401, body reading with a size limit. */
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
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

export function sendRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
) {
  sendJson(res, status, { jsonrpc: "2.0", error: { code, message }, id: null }, headers);
}

/** The one answer for every credential or routing problem that must not reveal what exists. */
export function sendUnauthorized(res: ServerResponse) {
  sendRpcError(res, 401, -32001, "Unauthorized: a valid agent key is required", {
    "www-authenticate": 'Bearer realm="gatehouse"',
  });
}

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
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
        reject(new BodyError(413, -32600, "Request body too large"));
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
        reject(new BodyError(400, -32700, "Parse error: the body is not JSON"));
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
