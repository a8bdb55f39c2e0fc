// Changes a server. A new URL clears the stored headers unless new ones come with it: credentials are never
// sent to a host they were not entered for (DESIGN §3). An `oauth` server's new URL is discovered and registered
// afresh, and its connections (tokens for the old resource) are deleted.
import { encryptJson } from "@gatehouse/db/secrets";
import { recordAdminEvent } from "../audit/record-admin-event";
import { setUpServerOAuth, type TServerOAuthSetup } from "../connections/set-up-server-oauth";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { checkUpstreamUrl } from "./check-upstream";
import { findServer } from "./get-server";
import { sharedConnectionInclude, type TServerDto, toServerDto } from "./server-dto";
import { type TUpdateServer, ZUpdateServerSchema } from "./server-schemas";

export async function updateServer(
  ctx: AccountContext,
  idOrSlug: string,
  input: TUpdateServer,
): Promise<TServerDto> {
  const server = await findServer(ctx, idOrSlug);
  const data = ZUpdateServerSchema.parse(input);
  const transport = data.transport ?? server.transport;
  if (transport === "stdio" && server.transport !== "stdio" && !ctx.settings.allowStdio) {
    throw new AppError("validation_failed", "stdio servers are disabled on this deployment", [
      { path: "/transport", message: "stdio servers are disabled on this deployment" },
    ]);
  }
  // A stdio server runs a command on our hosts: only admins may set one, in one request or spread over several
  // (a command stored on an HTTP server first, the transport switched later), or move a server into or out of stdio.
  const setsCommand = data.command !== undefined || data.args !== undefined || data.env !== undefined;
  const switchesStdio =
    transport !== server.transport && (transport === "stdio" || server.transport === "stdio");
  if ((setsCommand || switchesStdio) && ctx.role !== "admin") {
    throw new AppError(
      "forbidden",
      "Only admins may set a stdio server's command or switch a server to or from stdio",
    );
  }
  if (setsCommand && transport !== "stdio") {
    throw new AppError("validation_failed", "command, args and env are only for stdio servers", [
      { path: "/transport", message: 'command, args and env need transport "stdio"' },
    ]);
  }
  const leavesStdio = server.transport === "stdio" && transport !== "stdio";
  const urlChanged = data.url !== undefined && data.url !== server.url;
  if (urlChanged && data.url) await checkUpstreamUrl(data.url, ctx.settings);
  if (data.slug && data.slug !== server.slug) {
    const taken = await ctx.db.server.findFirst({
      where: { organizationId: ctx.organizationId, slug: data.slug },
      select: { id: true },
    });
    if (taken) throw new AppError("conflict", `A server with the slug "${data.slug}" already exists`);
  }
  let headersEnc: string | null | undefined;
  if (data.headers !== undefined) {
    headersEnc =
      data.headers && Object.keys(data.headers).length > 0
        ? encryptJson(data.headers, ctx.settings.secretKey)
        : null;
  } else if (urlChanged) {
    headersEnc = null;
  }
  const reauthorize = urlChanged && server.auth === "oauth" && data.url !== undefined;
  let oauth: TServerOAuthSetup | undefined;
  if (reauthorize && data.url) oauth = await setUpServerOAuth(data.url, ctx.settings, {});
  const updated = await ctx.db.$transaction(async (tx) => {
    if (oauth) {
      await tx.upstreamOAuthClient.update({ where: { serverId: server.id }, data: oauth });
      await tx.upstreamConnection.deleteMany({ where: { serverId: server.id } });
    }
    const row = await tx.server.update({
      where: { id: server.id },
      omit: { headersEnc: false },
      include: sharedConnectionInclude,
      data: {
        name: data.name,
        slug: data.slug,
        url: data.url,
        transport: data.transport,
        headersEnc,
        command: leavesStdio ? null : data.command,
        args: leavesStdio ? [] : data.args,
        envEnc: leavesStdio
          ? null
          : data.env === undefined
            ? undefined
            : data.env === null
              ? null
              : encryptJson(data.env, ctx.settings.secretKey),
        public: data.public,
        pinTools: data.pin_tools,
        suspended: data.suspended,
        connectionMode: data.connectionMode,
      },
    });
    const changed = Object.keys(data).filter((key) => key !== "headers" && key !== "env");
    await recordAdminEvent(
      ctx,
      {
        action: "server.update",
        targetType: "server",
        targetId: server.id,
        details: {
          changed,
          headers:
            data.headers !== undefined ? "replaced" : urlChanged ? "cleared (URL changed)" : "unchanged",
        },
      },
      tx,
    );
    return row;
  });
  const { headersEnc: stored, ...rest } = updated;
  return toServerDto(ctx, { ...rest, hasHeaders: stored !== null });
}
