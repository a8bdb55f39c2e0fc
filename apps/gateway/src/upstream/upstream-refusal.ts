/**
 * An upstream's HTTP refusal that is a JSON-RPC answer: a 2026-07-28 server answers a request it will not serve
 * (an unsupported revision, `-32022`; headers disagreeing with the body, `-32020`; an unknown method) with a 4xx
 * status and the JSON-RPC error for that request as the body. That is the protocol's answer to the request, relayed
 * as such; any other error body stays the upstream's own business (messages.ts agentSafeDetail).
 */
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** What the Streamable HTTP transport's error says before the body it was refused with. */
const POST_ERROR = "Streamable HTTP error: Error POSTing to endpoint: ";

export interface UpstreamRefusal {
  status: number;
  /** The JSON-RPC error response, as the upstream sent it. */
  body: Record<string, unknown>;
}

/** The refusal when `error` is a 4xx whose body is a JSON-RPC error for request `id` (or for none: `id` null). */
export function upstreamRefusal(
  error: unknown,
  id: string | number | undefined,
): UpstreamRefusal | undefined {
  if (!(error instanceof StreamableHTTPError) || !error.message.startsWith(POST_ERROR)) return undefined;
  const status = error.code;
  if (status === undefined || status < 400 || status > 499) return undefined;
  try {
    const body = JSON.parse(error.message.slice(POST_ERROR.length)) as Record<string, unknown> | null;
    const rpcError = body?.error as { code?: unknown; message?: unknown } | undefined;
    if (
      body?.jsonrpc === "2.0" &&
      (body.id === null || body.id === id) &&
      typeof rpcError?.code === "number" &&
      typeof rpcError.message === "string"
    )
      return { status, body };
  } catch {
    // not JSON: not a protocol answer
  }
  return undefined;
}
