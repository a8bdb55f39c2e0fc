import { created, readJson, withApiAccount } from "@/server/api";
import { listServers } from "@/server/servers/list-servers";
import { registerServer } from "@/server/servers/register-server";
import type { TRegisterServer } from "@/server/servers/server-schemas";

export const GET = withApiAccount(async (ctx) => ({ servers: await listServers(ctx) }), { role: "viewer" });

export const POST = withApiAccount(
  async (ctx, request) => created(await registerServer(ctx, (await readJson(request)) as TRegisterServer)),
  { role: "policy_manager" },
);
