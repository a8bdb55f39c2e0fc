import { noContent, readJson, withApiAccount } from "@/server/api";
import { deleteServer } from "@/server/servers/delete-server";
import { getServer } from "@/server/servers/get-server";
import type { TUpdateServer } from "@/server/servers/server-schemas";
import { updateServer } from "@/server/servers/update-server";

type P = { id: string };

export const GET = withApiAccount<P>(async (ctx, _request, { id }) => getServer(ctx, id), { role: "viewer" });

export const PATCH = withApiAccount<P>(
  async (ctx, request, { id }) => updateServer(ctx, id, (await readJson(request)) as TUpdateServer),
  { role: "policy_manager" },
);

export const DELETE = withApiAccount<P>(
  async (ctx, _request, { id }) => {
    await deleteServer(ctx, id);
    return noContent();
  },
  { role: "admin" },
);
