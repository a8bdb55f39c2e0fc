// The launcher's database: the given DATABASE_URL, or the embedded PGlite under the data directory. Either way it is
// migrated before anything else starts, and an unreachable or malformed one stops start-up with one clear line.
import { join } from "node:path";
import { createDbClient, type DbClient } from "@gatehouse/db";
import { startEmbeddedPostgres } from "@gatehouse/db/embedded";
import { migrate } from "@gatehouse/db/migrate";

export interface LauncherDatabase {
  url: string;
  embedded: boolean;
  db: DbClient;
  stop(): Promise<void>;
}

const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: "nothing is listening there",
  ENOTFOUND: "the host name does not resolve",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host is unreachable",
  "28P01": "the password was refused",
  "28000": "the user is not allowed to connect",
  "3D000": "the database does not exist",
};

export function describeDatabaseError(url: string, error: unknown): string {
  const code = (error as { code?: string }).code ?? "";
  const where = (() => {
    try {
      const parsed = new URL(url);
      return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
    } catch {
      return "DATABASE_URL";
    }
  })();
  const why =
    CONNECTION_ERRORS[code] ?? (error instanceof Error ? error.message.split("\n")[0] : String(error));
  return `cannot use the database at ${where}: ${why}${code ? ` (${code})` : ""}`;
}

export async function openDatabase(options: { url?: string; dataDir: string }): Promise<LauncherDatabase> {
  const embedded = options.url
    ? undefined
    : await startEmbeddedPostgres({ dataDir: join(options.dataDir, "pglite") });
  const url = options.url ?? embedded!.url;
  try {
    await migrate(url);
  } catch (error: unknown) {
    await embedded?.stop();
    const message = error instanceof Error && error.message.startsWith("migration ") ? error.message : null;
    throw new Error(message ?? describeDatabaseError(url, error));
  }
  const db = createDbClient(url, { maxConnections: 2 });
  return {
    url,
    embedded: embedded !== undefined,
    db,
    async stop() {
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}
