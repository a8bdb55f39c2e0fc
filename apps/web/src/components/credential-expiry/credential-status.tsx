// How a credential's expiry shows: its cells in a list (when it expires; active, expired or revoked) and the line
// under a credential that is shown once.
import { Badge } from "@/components/ui/badge";
import { credentialStatusOf, describeExpiry } from "@/lib/credential-expiry";
import { formatDateTime } from "@/lib/format";

interface TCredential {
  expiresAt: string | null;
  revokedAt: string | null;
}

export function ExpiryTime({ expiresAt, now }: { expiresAt: string | null; now: number }) {
  const text = describeExpiry(expiresAt, now);
  if (!expiresAt) return <span className="text-slate-500">{text}</span>;
  return (
    <time dateTime={expiresAt} title={formatDateTime(expiresAt)} className="tabular-nums">
      {text}
    </time>
  );
}

/** `refusedBy` names who turns the credential away once it has expired: "the gateway", "the API". */
export function CredentialStatusBadge({
  credential,
  now,
  refusedBy,
}: {
  credential: TCredential;
  now: number;
  refusedBy: string;
}) {
  const status = credentialStatusOf(credential, now);
  if (status === "revoked") return <Badge tone="red">Revoked</Badge>;
  if (status === "expired") {
    return (
      <Badge tone="amber" title={`Expired ${formatDateTime(credential.expiresAt)}; ${refusedBy} refuses it`}>
        Expired
      </Badge>
    );
  }
  return <Badge tone="green">Active</Badge>;
}

/** Under a credential shown once: when it expires, or that it never does. */
export function NewCredentialExpiry({ expiresAt, testId }: { expiresAt: string | null; testId: string }) {
  return (
    <p className="text-sm text-slate-600" data-testid={testId}>
      {expiresAt ? (
        <>
          Expires <span className="font-medium text-slate-900">{formatDateTime(expiresAt)}</span>
        </>
      ) : (
        "Never expires. Revoke it when it is no longer needed."
      )}
    </p>
  );
}
