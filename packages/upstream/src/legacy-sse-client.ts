/**
 * The SDK's legacy HTTP+SSE client transport, except that it closes when its event stream breaks. In that protocol
 * the session lives as long as its event stream: the server forgets it when the stream ends. The SDK's EventSource
 * reconnects instead, and the transport then posts to the new stream's session, which was never initialized (a
 * strict server refuses every request in it; a lenient one serves it without the client's capabilities, log level
 * or subscriptions). Closing the transport ends the agent's session the way a restarted Streamable HTTP upstream
 * does: what is in flight is answered, and the agent initializes a new session.
 */
import {
  SSEClientTransport,
  type SSEClientTransportOptions,
  SseError,
} from "@modelcontextprotocol/sdk/client/sse.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export class LegacySseClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly inner: SSEClientTransport;
  private started = false;
  private closed = false;

  constructor(url: URL, options: SSEClientTransportOptions) {
    this.inner = new SSEClientTransport(url, options);
    this.inner.onmessage = (message) => this.onmessage?.(message);
    this.inner.onerror = (error) => {
      this.onerror?.(error);
      if (this.started && error instanceof SseError) void this.close(); // the stream broke: the session is over
    };
    this.inner.onclose = () => {
      if (this.closed) return;
      this.closed = true;
      this.onclose?.();
    };
  }

  async start(): Promise<void> {
    await this.inner.start();
    this.started = true;
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.inner.send(message);
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion(version);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
