// An MCP client that signs in the way Claude.ai's connectors and Claude Code do: the MCP SDK's OAuth client
// (`OAuthClientProvider` + the Streamable HTTP transport's `authProvider`), whose browser step is real Chromium
// driven by Playwright, and a loopback callback server that receives the authorization code.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type OAuthClientProvider, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { Page } from "@playwright/test";

export class BrowserClientProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  /** What the browser should do on the consent page (sign in there first if asked). */
  consent: (page: Page) => Promise<void> = async () => undefined;

  constructor(
    private readonly page: Page,
    readonly redirectUrl: string,
    readonly name: string,
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      client_uri: "https://client.example",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
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
  async redirectToAuthorization(url: URL) {
    await this.page.goto(url.href);
    await this.consent(this.page);
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The client's loopback redirect URI: resolves each authorization response's query. */
export async function startCallbackServer(): Promise<{
  url: string;
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}> {
  let waiting: ((params: URLSearchParams) => void) | undefined;
  const received: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      // The browser's own requests (a favicon) are not authorization responses.
      res.writeHead(404);
      res.end();
      return;
    }
    const params = url.searchParams;
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<h1>Signed in</h1><p>You can close this window.</p>");
    if (waiting) {
      waiting(params);
      waiting = undefined;
    } else received.push(params);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    next: () => {
      const ready = received.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => (waiting = resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Connects as a real client would: the first attempt signs in through the browser, then connects with the token. */
export async function connectWithSignIn(
  url: string,
  provider: BrowserClientProvider,
  callback: { next(): Promise<URLSearchParams> },
): Promise<{ client: Client; response: URLSearchParams }> {
  const first = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  const client = new Client({ name: provider.name, version: "1.0.0" });
  let response = new URLSearchParams();
  try {
    await client.connect(first);
  } catch (error: unknown) {
    if (!(error instanceof UnauthorizedError)) throw error;
    response = await callback.next();
    const code = response.get("code");
    if (!code) throw new Error(`no code: ${response.toString()}`);
    await first.finishAuth(code);
  }
  const again = new Client({ name: provider.name, version: "1.0.0" });
  await again.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  return { client: again, response };
}
