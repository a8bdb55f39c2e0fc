/**
 * A connection's access token, kept fresh: refreshed before it expires and after the upstream refused it, exactly
 * once however many processes (gateway replicas, the dashboard's sync) need it at the same moment. The one that
 * takes the connection's refresh lease (an atomic compare-and-set in the database, over the token version it read)
 * refreshes and stores the result — the rotated refresh token included — before anyone uses the new access token;
 * the others wait for the version to move on and read what it stored. A refused refresh marks the connection
 * expired. The store (Prisma in the dashboard, node-postgres in the gateway) is behind ConnectionTokenStore.
 */
import { UpstreamError } from "../errors.js";
import {
  refreshUpstreamTokens,
  type UpstreamOAuthClientConfig,
  type UpstreamTokens,
} from "./authorization-flow.js";
import type { UpstreamAuthorization } from "./upstream-authorization.js";

export interface StoredConnection {
  status: "connected" | "expired";
  accessToken: string | undefined;
  refreshToken: string | undefined;
  expiresAt: Date | undefined;
  scopes: string[];
  tokenVersion: number;
}

export interface ConnectionTokenStore {
  /** The connection with its tokens decrypted; undefined once it is disconnected. */
  read(): Promise<StoredConnection | undefined>;
  /** Takes the refresh lease if the tokens are still at `version` and nobody holds it: true when taken. */
  lease(version: number, until: Date): Promise<boolean>;
  /** Stores refreshed tokens as version + 1 and releases the lease. */
  saveRefreshed(version: number, tokens: UpstreamTokens): Promise<void>;
  /** The refresh was refused: the connection is expired (its tokens deleted), the lease released. */
  markExpired(version: number, reason: string): Promise<void>;
  /** Releases the lease, tokens unchanged (the authorization server could not be reached). */
  release(version: number): Promise<void>;
}

export interface ConnectionTokenOptions {
  allowPrivate: boolean;
  /** Refresh this long before the expiry (default 60 s). */
  marginMs?: number;
  /** How long one refresh may hold the lease (default 20 s). */
  leaseMs?: number;
  /** How long to wait for another process's refresh (default 20 s). */
  waitMs?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function authorizationRequired(message = "no connection is made yet"): UpstreamError {
  return new UpstreamError("authorization_required", message);
}

export function authorizationExpired(message = "the upstream authorization expired"): UpstreamError {
  return new UpstreamError("authorization_expired", message);
}

/**
 * The current access token; `rejected` is one the upstream just refused (401), which forces a refresh unless
 * someone has already replaced it.
 */
export async function currentAccessToken(
  store: ConnectionTokenStore,
  client: UpstreamOAuthClientConfig,
  options: ConnectionTokenOptions & { rejected?: string | undefined },
): Promise<{ accessToken: string; expiresAt: Date | undefined; version: number }> {
  const marginMs = options.marginMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 20_000;
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  for (;;) {
    const connection = await store.read();
    if (!connection) throw authorizationRequired();
    if (connection.status === "expired" || !connection.accessToken) throw authorizationExpired();
    const stale =
      options.rejected !== undefined
        ? connection.accessToken === options.rejected
        : connection.expiresAt !== undefined && connection.expiresAt.getTime() - Date.now() < marginMs;
    if (!stale) {
      return {
        accessToken: connection.accessToken,
        expiresAt: connection.expiresAt,
        version: connection.tokenVersion,
      };
    }
    const version = connection.tokenVersion;
    if (await store.lease(version, new Date(Date.now() + leaseMs))) {
      if (!connection.refreshToken) {
        await store.markExpired(version, "the authorization server issued no refresh token");
        throw authorizationExpired();
      }
      let tokens: UpstreamTokens;
      try {
        tokens = await refreshUpstreamTokens(client, {
          refreshToken: connection.refreshToken,
          scopes: connection.scopes,
          allowPrivate: options.allowPrivate,
        });
      } catch (error: unknown) {
        if (error instanceof UpstreamError && error.code === "oauth_token") {
          await store.markExpired(version, error.message);
          throw authorizationExpired(error.message);
        }
        await store.release(version);
        throw error;
      }
      await store.saveRefreshed(version, tokens);
      return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, version: version + 1 };
    }
    if (Date.now() > deadline) {
      throw new UpstreamError(
        "timeout",
        "Waiting for another refresh of the upstream authorization timed out",
      );
    }
    await sleep(100);
  }
}

/**
 * An UpstreamAuthorization over a connection, for one process: the token is kept in memory until it is about to
 * expire or is refused, so requests do not read the database.
 */
export function connectionAuthorization(
  store: ConnectionTokenStore,
  client: UpstreamOAuthClientConfig,
  options: ConnectionTokenOptions,
): UpstreamAuthorization & { forget(): void } {
  let cached: { accessToken: string; expiresAt: Date | undefined } | undefined;
  const marginMs = options.marginMs ?? 60_000;
  const fresh = (token: typeof cached): token is NonNullable<typeof cached> =>
    token !== undefined &&
    (token.expiresAt === undefined || token.expiresAt.getTime() - Date.now() >= marginMs);
  let inFlight: Promise<string> | undefined;
  const load = (rejected?: string) => {
    inFlight ??= currentAccessToken(store, client, { ...options, rejected })
      .then((token) => {
        cached = token;
        return `Bearer ${token.accessToken}`;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  return {
    async header() {
      if (fresh(cached)) return `Bearer ${cached.accessToken}`;
      return load();
    },
    async refused(sent) {
      if (cached && `Bearer ${cached.accessToken}` !== sent) return `Bearer ${cached.accessToken}`;
      cached = undefined;
      return load(sent.replace(/^Bearer /, ""));
    },
    forget() {
      cached = undefined;
    },
  };
}
