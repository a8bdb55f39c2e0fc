/**
 * A session's connection to its upstream server, opened lazily with the first message it relays: the server's
 * transport from the account's snapshot, resumed with the upstream session id when another replica opened it.
 */
import { UnansweredRequests, type UpstreamAuthorization } from "@gatehouse/upstream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { ServerSnapshot } from "../config/snapshot.js";
import { openUpstream, type UpstreamSwitches } from "../upstream/open-upstream.js";

export interface UpstreamEvents {
  message(message: JSONRPCMessage): void;
  /** The connection closed (or the process exited) on the upstream's side. */
  closed(): void;
  /** The upstream's answer stream ended (or was refused) before these requests were answered. */
  unanswered(error: UnansweredRequests): void;
  error(error: Error): void;
}

export class UpstreamLink {
  private transport: Transport | undefined;
  private opening: Promise<Transport> | undefined;
  /** Why the upstream can no longer be used (it closed); later sends fail with it. */
  private dead: string | undefined;

  constructor(
    private readonly switches: UpstreamSwitches,
    private readonly resume: { upstreamSessionId?: string | undefined; protocolVersion?: string | undefined },
    private readonly events: UpstreamEvents,
    /** An `oauth` server's connection for this session's caller (throws when there is none to use). */
    private readonly authorize: (server: ServerSnapshot) => UpstreamAuthorization | undefined = () =>
      undefined,
  ) {}

  /** Whether the connection is open (a session answered without an upstream never opened one). */
  get started(): boolean {
    return this.transport !== undefined;
  }

  /** The upstream's own session id (Streamable HTTP), once it has one. */
  get sessionId(): string | undefined {
    return this.transport?.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.transport?.setProtocolVersion?.(version);
  }

  /** Sends a message, opening the connection on `server` first if needed; throws when it cannot. */
  async send(message: JSONRPCMessage, server: () => ServerSnapshot | undefined): Promise<void> {
    const transport = this.transport ?? (await this.open(server));
    await transport.send(message);
  }

  private open(server: () => ServerSnapshot | undefined): Promise<Transport> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    if (this.opening) return this.opening;
    const target = server();
    if (!target) return Promise.reject(new Error("this server is no longer available"));
    this.opening = (async () => {
      const transport = await openUpstream(
        target,
        this.switches,
        { sessionId: this.resume.upstreamSessionId, protocolVersion: this.resume.protocolVersion },
        this.authorize(target),
      );
      transport.onmessage = (message) => this.events.message(message);
      transport.onclose = () => {
        this.dead = "the upstream connection closed";
        this.transport = undefined;
        this.events.closed();
      };
      transport.onerror = (error) => {
        if (error instanceof UnansweredRequests) this.events.unanswered(error);
        else this.events.error(error);
      };
      await transport.start();
      this.transport = transport;
      return transport;
    })();
    this.opening.catch(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Closes the connection; `terminate` also ends the upstream session (DELETE) where the transport can. */
  async close(terminate: boolean): Promise<void> {
    const transport = this.transport ?? (await this.opening?.catch(() => undefined));
    this.transport = undefined;
    const end = (transport as { terminateSession?: () => Promise<void> } | undefined)?.terminateSession;
    if (terminate && transport && end) await end.call(transport).catch(() => undefined);
    await transport?.close().catch(() => undefined);
  }
}
