// The authorization server's HTTP endpoints: the MCP SDK's own handlers (authorize, token, register, revoke) in an
// Express app, mounted by the Pages Router handler pages/api/oauth/[endpoint].ts (Node req/res, which the SDK's
// Express routers need and App Router handlers do not give). Tests run the same app on a port of their own.
import { authorizationHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/authorize.js";
import { clientRegistrationHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/register.js";
import { revocationHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/revoke.js";
import { tokenHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/token.js";
import express, { type Express } from "express";
import { authorizationServerMetadata } from "./authorization-server-metadata";
import { createOAuthProvider } from "./oauth-provider";
import type { TOAuthDeps } from "./oauth-settings";

/** Per client address and process; generous enough for a person signing in several clients, tight for a script. */
const LIMITS = {
  authorize: { windowMs: 15 * 60_000, max: 300 },
  token: { windowMs: 15 * 60_000, max: 300 },
  register: { windowMs: 60 * 60_000, max: 100 },
  revoke: { windowMs: 15 * 60_000, max: 300 },
} as const;

export function createOAuthApp(deps: TOAuthDeps): Express {
  const provider = createOAuthProvider(deps);
  const app = express();
  app.disable("x-powered-by");
  app.get("/metadata", (_req, res) => {
    res.set({ "access-control-allow-origin": "*", "cache-control": "max-age=300" });
    res.json(authorizationServerMetadata(deps.settings));
  });
  // Every authorization response carries `iss` (RFC 9207), the SDK's error redirects included, and the request's
  // `state` (the SDK's leaves it out when the parameters that failed to parse were the ones beside it).
  app.use("/authorize", (req, res, next) => {
    const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
    const state = typeof req.query.state === "string" ? req.query.state : undefined;
    res.redirect = ((status: number, url: string) => {
      redirect(
        status,
        url.startsWith(`${deps.settings.issuer}/`) ? url : withIssAndState(url, deps.settings.issuer, state),
      );
    }) as typeof res.redirect;
    next();
  });
  app.use("/authorize", authorizationHandler({ provider, rateLimit: LIMITS.authorize }));
  app.use("/token", tokenHandler({ provider, rateLimit: LIMITS.token }));
  app.use(
    "/register",
    clientRegistrationHandler({
      clientsStore: provider.clientsStore,
      rateLimit: LIMITS.register,
      clientSecretExpirySeconds: 0,
    }),
  );
  app.use("/revoke", revocationHandler({ provider, rateLimit: LIMITS.revoke }));
  return app;
}

function withIssAndState(location: string, issuer: string, state: string | undefined): string {
  try {
    const url = new URL(location);
    url.searchParams.set("iss", issuer);
    if (state && !url.searchParams.has("state")) url.searchParams.set("state", state);
    return url.href;
  } catch {
    return location;
  }
}
