// Loads a server for a page: Next's 404 for unknown or foreign servers.
import { notFound } from "next/navigation";
import type { AccountContext } from "@/server/context";
import { getServer } from "@/server/servers/get-server";
import type { TServerDto } from "@/server/servers/server-dto";

export async function getServerForPage(ctx: AccountContext, slug: string): Promise<TServerDto> {
  try {
    return await getServer(ctx, slug);
  } catch {
    notFound();
  }
}
