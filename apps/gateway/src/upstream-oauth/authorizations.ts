/**
 * The gateway's upstream OAuth authorizations, one per connection and process: which connection a caller uses
 * (the server's shared one, or in per_agent mode the agent's own), the page where a missing or expired one is made,
 * and the UpstreamAuthorization its transports send tokens with (kept in memory, refreshed through the database's
 * lease; a new token version in the snapshot starts afresh).
 */
import {
  authorizationExpired,
  authorizationRequired,
  connectionAuthorization,
  type UpstreamAuthorization,
} from "@gatehouse/upstream";
import type { ServerSnapshot } from "../config/snapshot.js";
import type { Db } from "../store/pool.js";
import { pgConnectionStore } from "./oauth-store.js";

export interface ConnectionProblem {
  kind: "required" | "expired";
  /** The agent-facing text naming the page to connect at. */
  text: string;
  url: string;
}

/** The dashboard page where this caller's connection is made. */
export function connectPageUrl(
  webPublicUrl: string,
  accountSlug: string,
  server: ServerSnapshot,
  agentId: string,
): string {
  const base = `${webPublicUrl}/${encodeURIComponent(accountSlug)}`;
  return server.oauth?.mode === "per_agent"
    ? `${base}/agents/${encodeURIComponent(agentId)}`
    : `${base}/servers/${encodeURIComponent(server.slug)}`;
}

export interface ProblemSubject {
  webPublicUrl: string;
  accountSlug: string;
  server: ServerSnapshot;
  agentId: string;
}

/** The answer for a caller whose connection is missing (`required`) or whose refresh was refused (`expired`). */
export function problemOf(kind: ConnectionProblem["kind"], subject: ProblemSubject): ConnectionProblem {
  const { server } = subject;
  const url = connectPageUrl(subject.webPublicUrl, subject.accountSlug, server, subject.agentId);
  if (kind === "expired") {
    return {
      kind,
      url,
      text: `Upstream authorization expired: reconnect ${server.name} in Gatehouse (${url})`,
    };
  }
  const whose = server.oauth?.mode === "per_agent" ? " for this agent" : "";
  return {
    kind,
    url,
    text: `Upstream authorization required: connect ${server.name}${whose} in Gatehouse (${url})`,
  };
}

/** Why this caller cannot reach an `oauth` server now (from the snapshot, no database), or undefined. */
export function connectionProblem(subject: ProblemSubject): ConnectionProblem | undefined {
  const oauth = subject.server.oauth;
  if (!oauth) return undefined;
  const connection = oauth.connections.get(oauth.mode === "shared" ? "shared" : subject.agentId);
  if (connection?.status === "expired") return problemOf("expired", subject);
  if (!connection || !oauth.client) return problemOf("required", subject);
  return undefined;
}

/** The kind of an error the transport's authorization threw, if it is one. */
export function authorizationErrorKind(error: unknown): ConnectionProblem["kind"] | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "authorization_required") return "required";
  if (code === "authorization_expired") return "expired";
  return undefined;
}

export class UpstreamAuthorizations {
  private readonly byConnection = new Map<
    string,
    { version: number; authorization: UpstreamAuthorization }
  >();

  constructor(
    private readonly db: Db,
    private readonly secretKey: Buffer,
    private readonly allowPrivate: boolean,
  ) {}

  /** Whether the database holds this connection as usable now (the snapshot may lag behind a refresh). */
  async usable(connectionId: string): Promise<boolean> {
    try {
      const result = await this.db.query(
        `SELECT 1 FROM "UpstreamConnection" WHERE id = $1 AND status = 'connected' AND "accessTokenEnc" IS NOT NULL`,
        [connectionId],
      );
      return (result.rowCount ?? 0) > 0;
    } catch {
      return false;
    }
  }

  /** The authorization for this caller of an `oauth` server; throws authorization_required or _expired. */
  forCaller(server: ServerSnapshot, agentId: string): UpstreamAuthorization {
    const oauth = server.oauth;
    if (!oauth?.client) throw authorizationRequired();
    const connection = oauth.connections.get(oauth.mode === "shared" ? "shared" : agentId);
    if (!connection) throw authorizationRequired();
    if (connection.status === "expired") throw authorizationExpired();
    const known = this.byConnection.get(connection.id);
    if (known && known.version >= connection.tokenVersion) return known.authorization;
    const authorization = connectionAuthorization(
      pgConnectionStore(this.db, connection.id, this.secretKey),
      oauth.client,
      { allowPrivate: this.allowPrivate },
    );
    if (this.byConnection.size > 10_000) this.byConnection.clear();
    this.byConnection.set(connection.id, { version: connection.tokenVersion, authorization });
    return authorization;
  }
}
