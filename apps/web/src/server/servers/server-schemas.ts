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

export const ZRegisterServerSchema = z
  .object({
    name: z.string().trim().min(1, "Give the server a name").max(100),
    slug: ZSlugSchema.optional(),
    url: z.string().trim().url("Enter the server's full URL, e.g. https://mcp.example.com/mcp").optional(),
    transport: ZTransportSchema.default("streamable_http"),
    headers: ZHeadersSchema.optional(),
    command: z.string().trim().min(1).max(1000).optional(),
    args: z.array(z.string().max(4000)).max(100).optional(),
    env: z.record(z.string(), z.string().max(8192)).optional(),
    catalogEntry: z.string().max(100).optional(),
  })
  .strict()
  .superRefine((value, issue) => {
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
    slug: ZSlugSchema.optional(),
    url: z.string().trim().url().optional(),
    transport: ZTransportSchema.optional(),
    headers: ZHeadersSchema.nullable().optional(),
    command: z.string().trim().min(1).max(1000).optional(),
    args: z.array(z.string().max(4000)).max(100).optional(),
    env: z.record(z.string(), z.string().max(8192)).nullable().optional(),
    public: z.boolean().optional(),
    pin_tools: z.boolean().optional(),
    suspended: z.boolean().optional(),
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
  return slug.length >= 2 ? slug : `server-${slug || "1"}`;
}
