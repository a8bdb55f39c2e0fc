// The account URL (DESIGN §5) with a ready configuration for each MCP client — the Connect tab's own ClientConfigs —
// for the overview and the Agents page: one client entry reaches every server an agent is scoped to.
import { ClientConfigs } from "@/components/client-configs";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { TAccountUrls } from "@/server/accounts/account-urls";

export function AccountUrlCard({ account, urls }: { account: string; urls: TAccountUrls }) {
  return (
    <Card>
      <CardHeader
        title="One URL for all your servers"
        description="The account URL gathers every server an agent may use behind one endpoint: each tool is listed as {server}__{tool} and runs under that server's policy. Per-server URLs keep working."
      />
      <CardBody>
        <div data-testid="account-url">
          <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Account URL</dt>
            <dd className="break-all font-mono text-xs" data-testid="account-key-url">
              {urls.key}
            </dd>
          </dl>
          <p className="mb-3 text-sm text-slate-700">
            Send an agent key (create one under Agents) as a header. Clients that can only sign in (Claude.ai,
            ChatGPT) connect to each server&apos;s OAuth URL, on the server&apos;s Connect tab, for now.
          </p>
          <ClientConfigs name={account} url={urls.key} />
        </div>
      </CardBody>
    </Card>
  );
}
