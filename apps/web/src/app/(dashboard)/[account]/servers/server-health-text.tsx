// One server's health in words, shared by the servers list and the overview: last sync or its error, and the
// last upstream failure of a call.
import { formatRelative } from "@/lib/format";
import type { TServerListItem } from "@/server/servers/list-servers";

export function ServerHealthText({
  server,
}: {
  server: Pick<TServerListItem, "lastSyncedAt" | "lastSyncError" | "lastUpstreamError">;
}) {
  return (
    <div className="space-y-0.5 text-xs">
      {server.lastSyncError ? (
        <p className="text-red-700">Last sync failed: {server.lastSyncError}</p>
      ) : (
        <p className="text-slate-500">
          {server.lastSyncedAt ? `Synced ${formatRelative(server.lastSyncedAt)}` : "Never synced"}
        </p>
      )}
      {server.lastUpstreamError ? (
        <p className="text-red-700">
          Last upstream error {formatRelative(server.lastUpstreamError.at)}
          {server.lastUpstreamError.tool ? ` on ${server.lastUpstreamError.tool}` : ""}:{" "}
          {server.lastUpstreamError.detail}
        </p>
      ) : null}
    </div>
  );
}
