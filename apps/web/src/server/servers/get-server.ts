// One server of the account, by id or slug; anything else (unknown, another account's) is not_found.
import type { AccountContext } from "../context";
import { notFound } from "../errors";
import { sharedConnectionInclude, type TServerDto, toServerDto } from "./server-dto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findServer(ctx: AccountContext, idOrSlug: string) {
  const where = UUID.test(idOrSlug)
    ? { organizationId: ctx.organizationId, id: idOrSlug }
    : { organizationId: ctx.organizationId, slug: idOrSlug };
  const server = await ctx.db.server.findFirst({
    where,
    omit: { headersEnc: false },
    include: sharedConnectionInclude,
  });
  if (!server) throw notFound("Server");
  const { headersEnc, ...rest } = server;
  return { ...rest, hasHeaders: headersEnc !== null };
}

export async function getServer(ctx: AccountContext, idOrSlug: string): Promise<TServerDto> {
  return toServerDto(ctx, await findServer(ctx, idOrSlug));
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
