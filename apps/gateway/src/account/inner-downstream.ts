/**
 * The "agent" side a per-server RelaySession sees inside an account session: an in-memory Transport. What the
 * session sends to its agent goes to the account session's part (server-part.ts); what the part delivers arrives as
 * if from the agent's HTTP request, with the agent key's id where the SDK's transports put it.
 */
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from "@modelcontextprotocol/sdk/types.js";

export class InnerDownstream implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private closed = false;

  constructor(private readonly toAgent: (message: JSONRPCMessage, related: RequestId | undefined) => void) {}

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (!this.closed) this.toAgent(message, options?.relatedRequestId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }

  /** A message for the relay session, as the agent's request `keyId` carried it. */
  deliver(message: JSONRPCMessage, keyId: string | undefined): void {
    if (this.closed) return;
    this.onmessage?.(message, { authInfo: { token: "", clientId: keyId ?? "", scopes: [] } });
  }
}
