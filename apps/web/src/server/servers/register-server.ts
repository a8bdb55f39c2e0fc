// Registers an upstream MCP server: SSRF check, encrypted headers, and an (unpublished) default policy.
import { encryptJson } from "@gatehouse/db/secrets";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { checkUpstreamUrl } from "./check-upstream";
import { gatewayUrlFor } from "./server-dto";
import { slugFromName, type TRegisterServer, ZRegisterServerSchema } from "./server-schemas";

export async function registerServer(
  ctx: AccountContext,
  input: TRegisterServer,
): Promise<{ id: string; slug: string; gatewayUrl: string }> {
  const data = ZRegisterServerSchema.parse(input);
  if (data.transport === "stdio") {
    if (!ctx.settings.allowStdio) {
      throw new AppError("validation_failed", "stdio servers are disabled on this deployment", [
        {
          path: "/transport",
          message: "stdio servers are disabled on this deployment (GATEHOUSE_ALLOW_STDIO)",
        },
      ]);
    }
    if (ctx.role !== "admin") throw new AppError("forbidden", "Only admins may register a stdio server");
  } else if (data.url) {
    await checkUpstreamUrl(data.url, ctx.settings);
  }
  const slug = data.slug ?? slugFromName(data.name);
  const taken = await ctx.db.server.findFirst({
    where: { organizationId: ctx.organizationId, slug },
    select: { id: true },
  });
  if (taken) {
    throw new AppError("conflict", `A server with the slug "${slug}" already exists`, [
      { path: "/slug", message: "already used by another server of this account" },
    ]);
  }
  const hasHeaders = data.headers && Object.keys(data.headers).length > 0;
  const server = await ctx.db.$transaction(async (tx) => {
    const created = await tx.server.create({
      data: {
        organizationId: ctx.organizationId,
        name: data.name,
        slug,
        transport: data.transport,
        url: data.transport === "stdio" ? null : (data.url ?? null),
        headersEnc: hasHeaders ? encryptJson(data.headers, ctx.settings.secretKey) : null,
        command: data.transport === "stdio" ? (data.command ?? null) : null,
        args: data.transport === "stdio" ? (data.args ?? []) : [],
        envEnc: data.transport === "stdio" && data.env ? encryptJson(data.env, ctx.settings.secretKey) : null,
        catalogEntry: data.catalogEntry ?? null,
      },
      select: { id: true, slug: true },
    });
    await tx.policy.create({
      data: { organizationId: ctx.organizationId, serverId: created.id, name: "default", isDefault: true },
    });
    await recordAdminEvent(
      ctx,
      {
        action: "server.register",
        targetType: "server",
        targetId: created.id,
        details: {
          slug,
          transport: data.transport,
          url: data.url ?? null,
          headers: hasHeaders ? "set" : "none",
        },
      },
      tx,
    );
    return created;
  });
  return { id: server.id, slug: server.slug, gatewayUrl: gatewayUrlFor(ctx, server.slug) };
}
