// "Send a test call": the dashboard calls one tool of a server through the gateway, exactly as an agent would, so
// the answer is the policy's real decision and the call is in the activity log like any other (under the
// member's built-in test agent, see test-call-agent.ts). The admin audit records who sent it and which tool;
// argument values are never logged.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { findServer } from "../servers/get-server";
import { gatewayUrlFor } from "../servers/server-dto";
import { issueTestCallIdentity, retireTestCallKey } from "./test-call-agent";

export const ZTestCallSchema = z
  .object({
    tool: z.string().trim().min(1, "Choose a tool").max(200),
    arguments: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type TTestCall = z.input<typeof ZTestCallSchema>;

export interface TTestCallResult {
  agentName: string;
  /** The tool's answer came back (isError: the tool or the policy refused). */
  isError: boolean;
  text: string;
}

// A held call waits for a person; the test gives up sooner and says so.
const CALL_TIMEOUT_MS = 15_000;

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content
    .map((part) => (part.type === "text" ? (part.text ?? "") : `[${part.type}]`))
    .join("\n")
    .slice(0, 4000);
}

export async function sendTestCall(
  ctx: AccountContext,
  serverIdOrSlug: string,
  input: TTestCall,
): Promise<TTestCallResult> {
  const call = ZTestCallSchema.parse(input);
  const server = await findServer(ctx, serverIdOrSlug);
  const identity = await issueTestCallIdentity(ctx, server.id);
  const client = new Client({ name: "gatehouse-dashboard-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(gatewayUrlFor(ctx, server.slug)), {
    requestInit: { headers: { Authorization: `Bearer ${identity.key}` } },
  });
  try {
    await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
    const result = await client.callTool({ name: call.tool, arguments: call.arguments }, undefined, {
      timeout: CALL_TIMEOUT_MS,
    });
    return { agentName: identity.agentName, isError: result.isError === true, text: textOf(result) };
  } catch (error: unknown) {
    // A JSON-RPC error is the gateway's (or the upstream's) answer, such as a tool the policy hides: show it.
    if (error instanceof McpError)
      return { agentName: identity.agentName, isError: true, text: error.message };
    const message = error instanceof Error ? error.message : String(error);
    if (/timed out|timeout/i.test(message)) {
      throw new AppError(
        "upstream_unavailable",
        `No answer within ${CALL_TIMEOUT_MS / 1000} s. If the policy holds ${call.tool} for approval, the call is waiting in the approvals inbox.`,
      );
    }
    throw new AppError("upstream_unavailable", `The gateway did not complete the call: ${message}`);
  } finally {
    await client.close().catch(() => undefined);
    await retireTestCallKey(ctx, identity.keyId);
    await recordAdminEvent(ctx, {
      action: "server.test_call",
      targetType: "server",
      targetId: server.id,
      details: { tool: call.tool, agent: identity.agentName, argumentKeys: Object.keys(call.arguments) },
    });
  }
}
