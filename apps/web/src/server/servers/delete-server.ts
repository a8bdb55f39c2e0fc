// Deletes a server with its tools, policies and agent scopes (audit events outlive it).
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { findServer } from "./get-server";

export async function deleteServer(ctx: AccountContext, idOrSlug: string): Promise<void> {
  const server = await findServer(ctx, idOrSlug);
  await ctx.db.$transaction(async (tx) => {
    await tx.server.delete({ where: { id: server.id } });
    await recordAdminEvent(
      ctx,
      { action: "server.delete", targetType: "server", targetId: server.id, details: { slug: server.slug } },
      tx,
    );
  });
}
