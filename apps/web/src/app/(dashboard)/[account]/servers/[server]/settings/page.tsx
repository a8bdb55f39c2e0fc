import type { Metadata } from "next";
import { ClientConfigs } from "@/components/client-configs";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { getServerForPage } from "../load";
import { ServerSettingsForm } from "./server-settings-form";

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
          description="Point your client at the gateway URL with an agent key (create one under Agents)."
        />
        <CardBody>
          <ClientConfigs name={server.slug} url={server.gatewayUrl} />
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
