// A fresh, migrated database per test file: a new database on the server of DATABASE_URL when it is set
// (CI's real Postgres), else an in-memory embedded PGlite. Nothing is shared between runs.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDbClient, type DbClient } from "./client.js";
import { startEmbeddedPostgres } from "./embedded.js";
import { migrate } from "./migrate.js";

export interface TestDatabase {
  url: string;
  db: DbClient;
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Leave the database empty (for tests of migrating itself). */
  migrate?: boolean;
  serverUrl?: string;
  /** The embedded PGlite even where DATABASE_URL is set (tests of what must work without NOTIFY). */
  embedded?: boolean;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.embedded ? undefined : (options.serverUrl ?? process.env.DATABASE_URL);
  const target = serverUrl ? await createScratchDatabase(serverUrl) : await startEmbedded();
  if (options.migrate !== false) await migrate(target.url);
  const db = createDbClient(target.url, { maxConnections: 4 });
  return {
    url: target.url,
    db,
    async close() {
      await db.$disconnect();
      await target.drop();
    },
  };
}

async function startEmbedded() {
  const embedded = await startEmbeddedPostgres();
  return { url: embedded.url, drop: () => embedded.stop() };
}

/** A new, empty database on the server of `serverUrl`, with a way to drop it (forcing out its connections). */
export async function createScratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gatehouse_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
