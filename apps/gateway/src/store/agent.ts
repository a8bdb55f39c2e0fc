/** The account's built-in `anonymous` agent (public servers run under it). */
import { uuidv7 } from "../ids.js";
import { type Db, utc } from "./pool.js";

/** Creates it unless the account has it already (the insert wakes the config feed through the Agent trigger). */
export async function insertAnonymousAgent(db: Db, organizationId: string, now = new Date()): Promise<void> {
  await db.query(
    `INSERT INTO "Agent" (id, "organizationId", name, description, "isAnonymous", "createdAt", "updatedAt")
     VALUES ($1, $2, 'anonymous', 'Built-in agent for public servers', true, $3, $3)
     ON CONFLICT ("organizationId", name) DO NOTHING`,
    [uuidv7(), organizationId, utc(now)],
  );
}
