// An agent's page: what it sees through the account URL, server by server — each tool under the name it is listed
// as, its risk, and what applies to it (the engine's explanation, as the policy builder shows it). The data
// attributes carry server, tool, listed name and effect, so tests can hold the preview to the gateway's answer.
import { ACCOUNT_NAME_SEPARATOR } from "@gatehouse/policy";
import { Applies } from "@/components/policy/applies";
import { Badge, RiskBadge } from "@/components/ui/badge";
import { Card, CardHeader, EmptyState, Notice } from "@/components/ui/card";
import type {
  TAccountPreview,
  TPreviewAbsence,
  TPreviewServer,
  TPreviewTool,
} from "@/server/agents/preview-account-tools";

const ABSENCE: Record<TPreviewAbsence, string> = {
  server_suspended: "Not listed: the server is suspended.",
  not_connected: "Not listed until the server's upstream sign-in is connected for this agent.",
  hidden: "Not listed: the policy hides it.",
  no_policy: "Not listed: the server has no published policy, so every call is refused.",
  pending_acceptance: "Not listed until its changed definition is accepted (the server pins its tools).",
};

function ToolRow({ server, tool }: { server: TPreviewServer; tool: TPreviewTool }) {
  return (
    <li
      className="grid gap-2 px-5 py-3 md:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)] md:items-start"
      data-testid="preview-tool"
      data-server={server.slug}
      data-tool={tool.name}
      data-account-name={tool.accountName ?? ""}
      data-effect={tool.explanation?.effect ?? "deny"}
      data-listed={tool.accountName === null ? "false" : "true"}
    >
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span
            className={
              tool.accountName
                ? "font-mono text-sm font-medium break-all"
                : "font-mono text-sm break-all text-slate-400 line-through"
            }
          >
            {tool.accountName ?? tool.name}
          </span>
          <RiskBadge category={tool.riskCategory} level={tool.riskLevel} />
        </div>
        {tool.accountName && tool.accountName !== `${server.slug}${ACCOUNT_NAME_SEPARATOR}${tool.name}` ? (
          <p className="text-xs break-all text-slate-500">
            {server.slug}’s <code>{tool.name}</code>, renamed to fit what clients accept
          </p>
        ) : null}
        {tool.description ? <p className="line-clamp-1 text-xs text-slate-500">{tool.description}</p> : null}
      </div>
      <div className="min-w-0 space-y-1">
        {tool.explanation ? <Applies explanation={tool.explanation} ownEntryShadowed={false} /> : null}
        {tool.absence ? <p className="text-xs text-slate-600">{ABSENCE[tool.absence]}</p> : null}
      </div>
    </li>
  );
}

function ServerSection({ server }: { server: TPreviewServer }) {
  const listed = server.tools.filter((tool) => tool.accountName !== null);
  const unlisted = server.tools.filter((tool) => tool.accountName === null);
  return (
    <section aria-label={`${server.name} through the account URL`} className="border-t border-slate-200">
      <div className="flex flex-wrap items-center gap-2 bg-slate-50 px-5 py-2 text-sm">
        <span className="font-semibold text-slate-900">{server.name}</span>
        <span className="font-mono text-xs text-slate-500">{server.slug}</span>
        {server.suspended ? <Badge tone="red">Suspended</Badge> : null}
        <span className="text-xs text-slate-600">
          {server.policy
            ? `policy “${server.policy.name}”${server.policy.version === null ? " (never published)" : ` v${server.policy.version}`}`
            : "no policy"}{" "}
          · {listed.length} of {server.tools.length} tools listed
        </span>
      </div>
      {server.suspended ? (
        <div className="px-5 pt-3">
          <Notice tone="warning">
            This server is suspended: the account URL leaves it out and every call to it is refused.
          </Notice>
        </div>
      ) : null}
      {server.tools.length === 0 ? (
        <p className="px-5 py-3 text-sm text-slate-600">No tools yet: sync the server to list them.</p>
      ) : null}
      {listed.length > 0 ? (
        <ul className="divide-y divide-slate-100">
          {listed.map((tool) => (
            <ToolRow key={tool.name} server={server} tool={tool} />
          ))}
        </ul>
      ) : null}
      {unlisted.length > 0 ? (
        <details className="border-t border-slate-100">
          <summary className="cursor-pointer px-5 py-2 text-sm text-brand-700">
            {unlisted.length} {unlisted.length === 1 ? "tool" : "tools"} not listed
          </summary>
          <ul className="divide-y divide-slate-100">
            {unlisted.map((tool) => (
              <ToolRow key={tool.name} server={server} tool={tool} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function AccountPreviewCard({ preview }: { preview: TAccountPreview }) {
  const listed = preview.servers.reduce(
    (sum, server) => sum + server.tools.filter((tool) => tool.accountName !== null).length,
    0,
  );
  return (
    <Card>
      <CardHeader
        title="What it sees at the account URL"
        description={`${listed} tools from ${preview.servers.length} servers, each named {server}__{tool} and run under that server's policy — worked out by the policy engine the gateway runs.`}
      />
      <div data-testid="account-preview">
        {preview.agentSuspended ? (
          <div className="px-5 py-3">
            <Notice tone="warning">This agent is suspended: every call it makes is refused.</Notice>
          </div>
        ) : null}
        {preview.servers.length === 0 ? (
          <EmptyState
            title="No servers"
            description="Give this agent access to a server to see its tools here."
          />
        ) : (
          preview.servers.map((server) => <ServerSection key={server.serverId} server={server} />)
        )}
      </div>
    </Card>
  );
}
