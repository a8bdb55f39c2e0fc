// Request schemas for servers, shared by the dashboard forms and the REST API (STYLE rule 4).
import { storedHeaderProblem } from "@gatehouse/upstream";
import { z } from "zod";
import { ZSlugSchema } from "../accounts/create-account";

const ZHeadersSchema = z
  .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "not a valid header name"), z.string().max(8192))
  .refine((headers) => Object.keys(headers).length <= 50, "at most 50 headers")
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      const problem = storedHeaderProblem(name, value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [name] });
    }
  });

export const ZTransportSchema = z
  .enum(["streamable-http", "streamable_http", "sse", "stdio"])
  .transform(
    (value) =>
      (value === "streamable-http" ? "streamable_http" : value) as "streamable_http" | "sse" | "stdio",
  );

/** Server slugs the gateway's own routes take: `/{account}/oauth/mcp` is the account URL's OAuth endpoint. */
const RESERVED_SERVER_SLUGS = new Set(["oauth"]);

const ZServerSlugSchema = ZSlugSchema.refine(
  (slug) => !RESERVED_SERVER_SLUGS.has(slug),
  "This address is taken by the gateway's account URL (/{account}/oauth/mcp); choose another",
);

export const ZServerAuthSchema = z.enum(["none", "headers", "oauth"]);
export const ZConnectionModeSchema = z.enum(["shared", "per_agent"]);

/** A client id (and secret) an admin got from the upstream's authorization server, for servers that cannot register us. */
export const ZOAuthClientSchema = z
  .object({
    clientId: z.string().trim().min(1, "Enter the client ID").max(500),
    clientSecret: z.string().trim().max(2000).optional(),
  })
  .strict();

export const ZRegisterServerSchema = z
  .object({
    name: z.string().trim().min(1, "Give the server a name").max(100),
    slug: ZServerSlugSchema.optional(),
    url: z.string().trim().url("Enter the server's full URL, e.g. https://mcp.example.com/mcp").optional(),
    transport: ZTransportSchema.default("streamable_http"),
    headers: ZHeadersSchema.optional(),
    command: z.string().trim().min(1).max(1000).optional(),
    args: z.array(z.string().max(4000)).max(100).optional(),
    env: z.record(z.string(), z.string().max(8192)).optional(),
    catalogEntry: z.string().max(100).optional(),
    /** Omitted: detected — a server that answers 401 with protected resource metadata is registered for OAuth. */
    auth: ZServerAuthSchema.optional(),
    connectionMode: ZConnectionModeSchema.optional(),
    oauthClient: ZOAuthClientSchema.optional(),
  })
  .strict()
  .superRefine((value, issue) => {
    const hasHeaders = value.headers !== undefined && Object.keys(value.headers).length > 0;
    if (value.auth === "oauth" && value.transport === "stdio") {
      issue.addIssue({ code: "custom", path: ["auth"], message: "A stdio server cannot use OAuth" });
    }
    if (value.auth === "oauth" && hasHeaders) {
      issue.addIssue({
        code: "custom",
        path: ["headers"],
        message: "An OAuth server sends its connection's token, not static headers",
      });
    }
    if (value.auth === "headers" && !hasHeaders) {
      issue.addIssue({
        code: "custom",
        path: ["headers"],
        message: 'auth "headers" needs at least one header',
      });
    }
    if (value.auth === "none" && hasHeaders) {
      issue.addIssue({
        code: "custom",
        path: ["auth"],
        message: 'auth "none" sends no headers: use "headers"',
      });
    }
    if (value.oauthClient && value.auth !== undefined && value.auth !== "oauth") {
      issue.addIssue({
        code: "custom",
        path: ["oauthClient"],
        message: 'A client ID is only for auth "oauth"',
      });
    }
    if (value.transport === "stdio" && !value.command) {
      issue.addIssue({ code: "custom", path: ["command"], message: "A stdio server needs a command" });
    }
    if (value.transport !== "stdio" && !value.url) {
      issue.addIssue({ code: "custom", path: ["url"], message: "Enter the server's URL" });
    }
  });
export type TRegisterServer = z.input<typeof ZRegisterServerSchema>;

export const ZUpdateServerSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    slug: ZServerSlugSchema.optional(),
    url: z.string().trim().url().optional(),
    transport: ZTransportSchema.optional(),
    headers: ZHeadersSchema.nullable().optional(),
    command: z.string().trim().min(1).max(1000).optional(),
    args: z.array(z.string().max(4000)).max(100).optional(),
    env: z.record(z.string(), z.string().max(8192)).nullable().optional(),
    public: z.boolean().optional(),
    pin_tools: z.boolean().optional(),
    suspended: z.boolean().optional(),
    connectionMode: ZConnectionModeSchema.optional(),
  })
  .strict();
export type TUpdateServer = z.input<typeof ZUpdateServerSchema>;

export function slugFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  if (RESERVED_SERVER_SLUGS.has(slug)) return `${slug}-server`;
  return slug.length >= 2 ? slug : `server-${slug || "1"}`;
}
