/** The tool catalogue: a definition seen upstream that differs from the accepted one is kept as pending. */
import { type Db, utc } from "./pool.js";

/** Flags `name` on the server with a pending definition, unless that same definition is flagged already. */
export async function flagPendingToolDefinition(
  db: Db,
  tool: { serverId: string; name: string; definition: unknown; hash: string },
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE "Tool" SET "pendingDefinition" = $3::jsonb, "pendingHash" = $4, "changedAt" = $5
     WHERE "serverId" = $1 AND name = $2 AND ("pendingHash" IS NULL OR "pendingHash" <> $4)`,
    [tool.serverId, tool.name, JSON.stringify(tool.definition), tool.hash, utc(at)],
  );
}
