// Before a server is registered: connect to it as an MCP client (the initialize handshake) with what the person
// entered, so an unreachable address is reported, in words that say what to check, while the form still holds
// it — and nothing is stored for a server that cannot answer. A server that asks for sign-in (401) counts as
// reachable: registration then sets up its OAuth.
import { connectMcpClient } from "@gatehouse/upstream";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { checkUpstreamUrl } from "./check-upstream";
import { explainUpstreamError } from "./explain-upstream-error";
import { type TRegisterServer, ZRegisterServerSchema } from "./server-schemas";

export interface TConnectionCheck {
  /** The server's own name for itself, from its initialize answer (absent when it asked for sign-in first). */
  serverName?: string;
  signInRequired: boolean;
}

const CHECK_TIMEOUT_MS = 20_000;

/** The server answered 401: the SDK's error carries the HTTP status as its cause's code. */
function asksForSignIn(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 401) return true;
  const text = error instanceof Error ? error.message : String(error);
  return /\b401\b|unauthori[sz]ed|invalid_token/i.test(text);
}

export async function checkConnection(
  ctx: AccountContext,
  input: TRegisterServer,
): Promise<TConnectionCheck> {
  const data = ZRegisterServerSchema.parse(input);
  if (data.transport === "stdio") {
    if (!ctx.settings.allowStdio || ctx.role !== "admin") return { signInRequired: false };
  } else if (data.url) {
    await checkUpstreamUrl(data.url, ctx.settings);
  }
  const hasHeaders = data.headers !== undefined && Object.keys(data.headers).length > 0;
  try {
    const client = await connectMcpClient(
      {
        transport: data.transport,
        ...(data.url ? { url: data.url } : {}),
        ...(hasHeaders ? { headers: data.headers } : {}),
        ...(data.command ? { command: data.command, args: data.args ?? [] } : {}),
        ...(data.env ? { env: data.env } : {}),
      },
      {
        allowPrivate: ctx.settings.allowPrivateUpstreams,
        allowStdio: ctx.settings.allowStdio,
        timeoutMs: CHECK_TIMEOUT_MS,
      },
    );
    const info = client.getServerVersion();
    await client.close().catch(() => undefined);
    return { signInRequired: false, ...(info?.name ? { serverName: info.name } : {}) };
  } catch (error: unknown) {
    if (!hasHeaders && data.auth !== "none" && asksForSignIn(error)) return { signInRequired: true };
    const message = explainUpstreamError(error, data);
    const path = data.transport === "stdio" ? "/command" : "/url";
    throw new AppError("upstream_unavailable", message, [{ path, message }]);
  }
}
