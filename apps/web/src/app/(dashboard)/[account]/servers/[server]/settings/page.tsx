import type { Metadata } from "next";
import { ConnectSteps } from "@/components/connect-steps";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { getServerForPage } from "../load";
import { ServerSettingsForm } from "./server-settings-form";

/** A server's OAuth URL, beside its key URL `{gateway}/{account}/{server}/mcp` (DESIGN §5). */
function oauthUrlOf(keyUrl: string): string {
  return `${keyUrl.replace(/\/mcp$/, "")}/oauth/mcp`;
}

export const metadata: Metadata = { title: "Connect & settings" };

export default async function ServerSettingsPage({
  params,
}: {
  params: Promise<{ account: string; server: string }>;
}) {
  const { account, server: slug } = await params;
  const ctx = await getAccountContext(account);
  const server = await getServerForPage(ctx, slug);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Connect an MCP client"
          description="Clients that sign in use the OAuth URL (each person allows their client once); CI and scripts use the key URL with an agent key."
        />
        <CardBody>
          <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">OAuth URL</dt>
            <dd className="break-all font-mono text-xs" data-testid="oauth-url">
              {oauthUrlOf(server.gatewayUrl)}
            </dd>
            <dt className="text-slate-500">Key URL</dt>
            <dd className="break-all font-mono text-xs">{server.gatewayUrl}</dd>
          </dl>
          <ConnectSteps
            name={server.slug}
            keyUrl={server.gatewayUrl}
            oauthUrl={oauthUrlOf(server.gatewayUrl)}
          />
        </CardBody>
      </Card>
      <ServerSettingsForm
        account={account}
        server={server}
        canEdit={hasRole(ctx.role, "policy_manager")}
        canDelete={hasRole(ctx.role, "admin")}
      />
    </div>
  );
}
