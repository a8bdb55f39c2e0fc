/**
 * One stateless (MCP 2026-07-28) exchange with a Streamable HTTP upstream: the agent's message POSTed with its
 * protocol headers, on the same guarded transport the sessions use (SSRF check, no redirects, stored headers or the
 * caller's OAuth token, size limits), and what came back: the answer, the notifications sent before it, or the
 * upstream's own JSON-RPC refusal with its HTTP status (a `-32022` or `-32020` is the protocol's answer, relayed as
 * it is). Anything else is a failure, told to the agent in the gateway's words (never the upstream's error body).
 */
import { createUpstreamTransport, UnansweredRequests, type UpstreamAuthorization } from "@gatehouse/upstream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { ServerSnapshot } from "../config/snapshot.js";
import { agentSafeDetail, kindOf, type RequestId } from "../session/messages.js";
import type { UpstreamSwitches } from "../upstream/open-upstream.js";
import { upstreamRefusal } from "../upstream/upstream-refusal.js";

export type UpstreamOutcome =
  /** The answer to the request (a result or an error), or, for a notification, that the upstream took it. */
  | { kind: "answer"; message: JSONRPCMessage | undefined }
  /** The upstream refused the HTTP request with a JSON-RPC error body. */
  | { kind: "refused"; status: number; body: Record<string, unknown> }
  | {
      kind: "failed";
      detail: string;
      status: "timeout" | "unreachable" | "no_answer" | "too_large" | "cancelled";
    };

export interface UpstreamExchange {
  server: ServerSnapshot;
  switches: UpstreamSwitches;
  authorization: UpstreamAuthorization | undefined;
  message: JSONRPCMessage;
  /** The agent's protocol headers (MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Param-*), checked already. */
  headers: Record<string, string>;
  /** This many ms without a word from the upstream fail the exchange (undefined: it waits as long as the agent). */
  timeoutMs: number | undefined;
  /** Aborted when the agent went away: the upstream request is closed, which cancels it in this protocol. */
  signal: AbortSignal;
  /** A message the upstream sent before its answer (progress, logging…). */
  onMessage(message: JSONRPCMessage): void;
}

export async function exchangeWithUpstream(exchange: UpstreamExchange): Promise<UpstreamOutcome> {
  const { server, message, signal } = exchange;
  const id = kindOf(message) === "request" ? (message as { id: RequestId }).id : undefined;
  const target = {
    ...server.target,
    headers: { ...(server.target.headers ?? {}), ...exchange.headers },
    ...(exchange.authorization ? { authorization: exchange.authorization } : {}),
  };
  let settle: (outcome: UpstreamOutcome) => void = () => undefined;
  const settled = new Promise<UpstreamOutcome>((resolve) => {
    settle = resolve;
  });
  let transport: Awaited<ReturnType<typeof createUpstreamTransport>> | undefined;
  // The limit is on an upstream that went silent: each message it sends (progress of a slow tool) restarts it.
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (exchange.timeoutMs === undefined) return;
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        settle({ kind: "failed", detail: `no answer within ${exchange.timeoutMs} ms`, status: "timeout" }),
      exchange.timeoutMs,
    );
  };
  arm();
  const onAbort = () => settle({ kind: "failed", detail: "the agent went away", status: "cancelled" });
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    transport = await createUpstreamTransport(target, exchange.switches);
    transport.onmessage = (reply) => {
      arm();
      const kind = kindOf(reply);
      const answers = (kind === "result" || kind === "error") && (reply as { id?: unknown }).id === id;
      if (answers) settle({ kind: "answer", message: reply });
      else exchange.onMessage(reply);
    };
    transport.onerror = (error) => {
      if (error instanceof UnansweredRequests && id !== undefined && error.requestIds.includes(id))
        settle({
          kind: "failed",
          detail: agentSafeDetail(error),
          status: error.reason === "message_too_large" ? "too_large" : "no_answer",
        });
    };
    await transport.start();
    if (signal.aborted) return onAbortOutcome();
    await transport.send(message).then(
      () => {
        if (id === undefined) settle({ kind: "answer", message: undefined });
      },
      (error: unknown) => {
        const refusal = upstreamRefusal(error, id);
        if (refusal) settle({ kind: "refused", ...refusal });
        else settle({ kind: "failed", detail: agentSafeDetail(error), status: "unreachable" });
      },
    );
    return await settled;
  } catch (error: unknown) {
    return { kind: "failed", detail: agentSafeDetail(error), status: "unreachable" };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
    await transport?.close().catch(() => undefined);
  }
}

function onAbortOutcome(): UpstreamOutcome {
  return { kind: "failed", detail: "the agent went away", status: "cancelled" };
}
