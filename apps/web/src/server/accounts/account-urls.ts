// The account URL (DESIGN §5): one gateway endpoint that gathers every server an agent is scoped to, at
// `{gateway}/{account}/mcp` with an agent key. (`{gateway}/{account}/oauth/mcp` answers too, with agent keys only
// so far: an OAuth sign-in is bound to one server's OAuth URL, so the dashboard offers clients that sign in those.)
import type { AccountContext } from "../context";

export interface TAccountUrls {
  /** Takes an agent key (`Authorization: Bearer gate_ak_…`); never asks a client to sign in. */
  key: string;
}

export function accountUrlsFor(ctx: Pick<AccountContext, "settings" | "accountSlug">): TAccountUrls {
  return { key: `${ctx.settings.gatewayPublicUrl}/${ctx.accountSlug}/mcp` };
}
