// A running authorization server for tests: the same Express app the dashboard mounts, on 127.0.0.1 and a free
// port, a stand-in resource (the gateway's 401 and protected resource metadata), and an OAuth client provider
// for the MCP SDK's `auth()` that keeps everything in memory.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DbClient } from "@gatehouse/db";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { createOAuthApp } from "@/server/oauth/oauth-app";
import type { TOAuthDeps } from "@/server/oauth/oauth-settings";
import { SECRET_KEY } from "../helpers";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface TRunningAuthServer {
  deps: TOAuthDeps;
  issuer: string;
  gateway: string;
  close(): Promise<void>;
}

/** The AS under /oauth/* and /.well-known/oauth-authorization-server; the gateway's PRM at its well-known URL. */
export async function startAuthServer(
  db: DbClient,
  options: { allowPrivate?: boolean } = {},
): Promise<TRunningAuthServer> {
  const asServer = createServer();
  const gwServer = createServer();
  const issuer = await listen(asServer);
  const gateway = await listen(gwServer);
  const deps: TOAuthDeps = {
    db,
    settings: {
      issuer,
      gatewayPublicUrl: gateway,
      secretKey: SECRET_KEY,
      allowPrivateAddresses: options.allowPrivate ?? true,
    },
  };
  const app = createOAuthApp(deps);
  asServer.on("request", (req, res) => {
    if (req.url === "/.well-known/oauth-authorization-server") req.url = "/metadata";
    else if (req.url?.startsWith("/oauth/")) req.url = req.url.slice("/oauth".length);
    app(req, res);
  });
  gwServer.on("request", (req, res) => {
    const prm = "/.well-known/oauth-protected-resource";
    if (req.url?.startsWith(prm)) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          resource: `${gateway}${req.url.slice(prm.length)}`,
          authorization_servers: [issuer],
        }),
      );
      return;
    }
    res.writeHead(401, {
      "www-authenticate": `Bearer resource_metadata="${gateway}${prm}${req.url}"`,
    });
    res.end();
  });
  return {
    deps,
    issuer,
    gateway,
    close: async () => {
      await Promise.all([asServer, gwServer].map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

/** An in-memory OAuthClientProvider: `redirectToAuthorization` records the URL the browser would open. */
export class MemoryClientProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrl: URL | undefined;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
    readonly name = "Test Client",
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state() {
    return "state-123";
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** Follows the authorize URL to the consent page and returns its request id. */
export async function consentRequestOf(authorizationUrl: URL): Promise<string> {
  const answer = await fetch(authorizationUrl, { redirect: "manual" });
  const location = answer.headers.get("location") ?? "";
  const id = new URL(location).searchParams.get("request");
  if (answer.status !== 302 || !id) throw new Error(`no consent redirect: ${answer.status} ${location}`);
  return id;
}
