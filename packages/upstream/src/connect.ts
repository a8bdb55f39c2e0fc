/**
 * Opens MCP client transports and clients to an upstream server over Streamable HTTP, legacy SSE or stdio, with
 * the SSRF guard applied before connecting and again on every resolved address (via the guarded fetch).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { UpstreamError } from "./errors.js";
import { createUpstreamFetch } from "./fetch.js";
import { LegacySseClientTransport } from "./legacy-sse-client.js";
import { authorizedFetch, type UpstreamAuthorization } from "./oauth/upstream-authorization.js";
import { assertUpstreamAllowed } from "./ssrf.js";
import { StreamableClientTransport } from "./streamable-client.js";

export type UpstreamTransportKind = "streamable_http" | "sse" | "stdio";

export interface UpstreamTarget {
  transport: UpstreamTransportKind;
  url?: string;
  headers?: Record<string, string>;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  /** An `oauth` server's connection (shared or the agent's): its token goes in the Authorization header. */
  authorization?: UpstreamAuthorization;
}

export interface UpstreamConnectOptions {
  allowPrivate: boolean;
  allowStdio: boolean;
  timeoutMs?: number;
}

/** Creates (but does not start) the client transport for a target. The SSRF check runs first. */
export async function createUpstreamTransport(
  target: UpstreamTarget,
  options: Pick<UpstreamConnectOptions, "allowPrivate" | "allowStdio"> & {
    /** Resume an existing Streamable HTTP session (another replica opened it). */
    sessionId?: string;
  },
): Promise<Transport> {
  if (target.transport === "stdio") {
    if (!options.allowStdio) {
      throw new UpstreamError(
        "stdio_not_allowed",
        "stdio upstreams are disabled (GATEHOUSE_ALLOW_STDIO is not set)",
      );
    }
    if (!target.command) throw new UpstreamError("invalid_target", "A stdio upstream needs a command");
    return new StdioClientTransport({
      command: target.command,
      args: target.args ?? [],
      env: { ...getDefaultEnvironment(), ...(target.env ?? {}) },
      stderr: "ignore",
    });
  }
  if (!target.url) throw new UpstreamError("invalid_target", "An HTTP upstream needs a URL");
  await assertUpstreamAllowed(target.url, { allowPrivate: options.allowPrivate });
  const url = new URL(target.url);
  const guarded = createUpstreamFetch({ allowPrivate: options.allowPrivate });
  const fetch = target.authorization ? authorizedFetch(guarded, target.authorization) : guarded;
  const requestInit: RequestInit = { headers: { ...(target.headers ?? {}) }, redirect: "manual" };
  if (target.transport === "sse") {
    return new LegacySseClientTransport(url, {
      fetch,
      requestInit,
      eventSourceInit: {
        fetch: (input, init) => fetch(input, { ...init, headers: mergeHeaders(init, target) }),
      },
    });
  }
  if (target.transport === "streamable_http") {
    return new StreamableClientTransport(url, {
      allowPrivate: options.allowPrivate,
      headers: { ...(target.headers ?? {}) },
      ...(options.sessionId ? { sessionId: options.sessionId } : {}),
      ...(target.authorization ? { authorization: target.authorization } : {}),
    });
  }
  throw new UpstreamError("invalid_target", `Unknown upstream transport ${String(target.transport)}`);
}

function mergeHeaders(init: RequestInit | undefined, target: UpstreamTarget): Headers {
  const headers = new Headers(init?.headers);
  for (const [key, value] of Object.entries(target.headers ?? {})) headers.set(key, value);
  return headers;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UpstreamError("timeout", `${what} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Connects an SDK client (initialize handshake included) to an upstream. Close it with `client.close()`. */
export async function connectMcpClient(
  target: UpstreamTarget,
  options: UpstreamConnectOptions,
): Promise<Client> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const transport = await createUpstreamTransport(target, options);
  const client = new Client({ name: "gatehouse", version: "0.1.0" }, { capabilities: {} });
  try {
    await withTimeout(
      client.connect(transport, { timeout: timeoutMs }),
      timeoutMs,
      "Connecting to the upstream",
    );
  } catch (error: unknown) {
    await client.close().catch(() => undefined);
    if (error instanceof UpstreamError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new UpstreamError("connect_failed", `Could not connect to the upstream: ${message}`, {
      cause: error,
    });
  }
  return client;
}
