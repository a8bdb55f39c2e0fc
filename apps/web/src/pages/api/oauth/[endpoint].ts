// The authorization server's endpoints, reached through next.config.ts rewrites: /oauth/{authorize,token,register,
// revoke} and /.well-known/{oauth-authorization-server,openid-configuration} (→ metadata). A Pages Router API route
// because the MCP SDK's handlers are Express routers and need Node's req/res (see server/oauth/oauth-app.ts).
import type { Express } from "express";
import type { NextApiRequest, NextApiResponse } from "next";
import { createOAuthApp } from "@/server/oauth/oauth-app";
import { oauthDeps } from "@/server/oauth/oauth-deps";

export const config = { api: { bodyParser: false, externalResolver: true } };

const ENDPOINTS = new Set(["authorize", "token", "register", "revoke", "metadata"]);
let app: Express | undefined;

export default function handler(req: NextApiRequest, res: NextApiResponse): void {
  const endpoint = typeof req.query.endpoint === "string" ? req.query.endpoint : "";
  if (!ENDPOINTS.has(endpoint)) {
    res.status(404).json({ error: "not_found" });
    return;
  }
  app ??= createOAuthApp(oauthDeps());
  const original = new URL(req.url ?? "/", "http://web.invalid");
  original.searchParams.delete("endpoint");
  req.url = `/${endpoint}${original.search}`;
  app(req, res);
}
