import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { ConnectionPanel } from "./connection-panel";
import { getServerForPage } from "./load";
import { ServerTabs } from "./server-tabs";

export default async function ServerLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ account: string; server: string }>;
}) {
  const { account, server: slug } = await params;
  const ctx = await getAccountContext(account);
  const server = await getServerForPage(ctx, slug);
  return (
    <>
      <div className="mb-6">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{server.name}</h1>
          {server.suspended ? <Badge tone="red">Suspended</Badge> : null}
          {server.public ? <Badge tone="blue">Public</Badge> : null}
          {server.pin_tools ? <Badge tone="violet">Tools pinned</Badge> : null}
          {server.auth === "oauth" ? <Badge tone="blue">OAuth</Badge> : null}
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>Gateway URL</span>
          <code
            className="rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-800"
            data-testid="gateway-url"
          >
            {server.gatewayUrl}
          </code>
          <CopyButton value={server.gatewayUrl} />
        </div>
      </div>
      <ConnectionPanel account={account} server={server} canConnect={hasRole(ctx.role, "policy_manager")} />
      <ServerTabs base={`/${account}/servers/${server.slug}`} />
      <div className="mt-6">{children}</div>
    </>
  );
}
