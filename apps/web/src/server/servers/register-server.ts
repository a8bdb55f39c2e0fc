// Registers an upstream MCP server: SSRF check, encrypted headers, and an (unpublished) default policy. A server
// that answers 401 with protected resource metadata is registered for OAuth (when `auth` is not given, or is
// "oauth"): discovery and client registration happen first, so a failure stores nothing. A server started from a
// catalogue entry gets that entry's recommended policy as its draft (not published: nothing changes for agents
// until someone publishes it).
import { getCatalogEntry } from "@gatehouse/catalog";
import type { Prisma } from "@gatehouse/db";
import { encryptJson } from "@gatehouse/db/secrets";
import { recordAdminEvent } from "../audit/record-admin-event";
import {
  detectUpstreamOAuth,
  setUpServerOAuth,
  type TServerOAuthSetup,
} from "../connections/set-up-server-oauth";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { checkUpstreamUrl } from "./check-upstream";
import { gatewayUrlFor } from "./server-dto";
import { slugFromName, type TRegisterServer, ZRegisterServerSchema } from "./server-schemas";

export async function registerServer(
  ctx: AccountContext,
  input: TRegisterServer,
): Promise<{ id: string; slug: string; gatewayUrl: string; auth: "none" | "headers" | "oauth" }> {
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
  const entry = data.catalogEntry ? getCatalogEntry(data.catalogEntry) : undefined;
  if (data.catalogEntry && !entry) {
    throw new AppError("validation_failed", "Unknown catalogue entry", [
      { path: "/catalogEntry", message: `no catalogue entry "${data.catalogEntry}"` },
    ]);
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
  const hasHeaders = data.headers !== undefined && Object.keys(data.headers).length > 0;
  let oauth: TServerOAuthSetup | undefined;
  if (
    data.transport !== "stdio" &&
    data.url &&
    (data.auth === "oauth" || (data.auth === undefined && !hasHeaders))
  ) {
    const probe = await detectUpstreamOAuth(data.url, ctx.settings);
    if (probe.oauth || data.auth === "oauth") {
      if (data.oauthClient && ctx.role !== "admin") {
        throw new AppError("forbidden", "Only admins may enter an OAuth client secret");
      }
      oauth = await setUpServerOAuth(data.url, ctx.settings, { probe, manual: data.oauthClient });
    } else if (data.oauthClient) {
      throw new AppError("validation_failed", "This server does not ask for OAuth", [
        { path: "/oauthClient", message: "the server did not answer 401 with protected resource metadata" },
      ]);
    }
  }
  const auth = oauth ? "oauth" : hasHeaders ? "headers" : "none";
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
        auth,
        connectionMode: data.connectionMode ?? "shared",
      },
      select: { id: true, slug: true },
    });
    if (oauth) {
      await tx.upstreamOAuthClient.create({
        data: { ...oauth, serverId: created.id, organizationId: ctx.organizationId },
      });
    }
    await tx.policy.create({
      data: {
        organizationId: ctx.organizationId,
        serverId: created.id,
        name: "default",
        isDefault: true,
        ...(entry
          ? {
              draft: entry.recommendedPolicy as unknown as Prisma.InputJsonObject,
              draftUpdatedAt: new Date(),
              draftUpdatedById: ctx.actor.userId,
            }
          : {}),
      },
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
          auth,
          ...(entry ? { catalogEntry: entry.slug, draft: "recommended policy" } : {}),
          ...(oauth ? { issuer: oauth.issuer, registration: oauth.registration } : {}),
        },
      },
      tx,
    );
    return created;
  });
  return { id: server.id, slug: server.slug, gatewayUrl: gatewayUrlFor(ctx, server.slug), auth };
}
