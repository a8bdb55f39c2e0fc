// A key's row cells on the agent page: when it expires, and whether it works (active, expired or revoked).
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format";
import { describeKeyExpiry, keyStatusOf } from "@/lib/key-expiry";
import type { TAgentKeyDto } from "@/server/agents/agent-dto";

export function KeyExpiry({ agentKey, now }: { agentKey: TAgentKeyDto; now: number }) {
  const text = describeKeyExpiry(agentKey.expiresAt, now);
  if (!agentKey.expiresAt) return <span className="text-slate-500">{text}</span>;
  return (
    <time dateTime={agentKey.expiresAt} title={formatDateTime(agentKey.expiresAt)} className="tabular-nums">
      {text}
    </time>
  );
}

export function KeyStatusBadge({ agentKey, now }: { agentKey: TAgentKeyDto; now: number }) {
  const status = keyStatusOf(agentKey, now);
  if (status === "revoked") return <Badge tone="red">Revoked</Badge>;
  if (status === "expired") {
    return (
      <Badge tone="amber" title={`Expired ${formatDateTime(agentKey.expiresAt)}; the gateway refuses it`}>
        Expired
      </Badge>
    );
  }
  return <Badge tone="green">Active</Badge>;
}
