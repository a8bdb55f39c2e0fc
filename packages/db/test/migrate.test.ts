import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate } from "../src/migrate.js";
import { createTestDatabase } from "../src/testing.js";

describe("migration runner", () => {
  it("refuses a migration edited after it was applied, and applies a failed one not at all", async () => {
    const database = await createTestDatabase();
    try {
      const dir = await mkdtemp(join(tmpdir(), "gatehouse-migrations-"));
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      const broken = join(dir, "29990101000000_broken");
      await cp(join(dir, "20261123000000_init"), broken, { recursive: true });
      await writeFile(
        join(broken, "migration.sql"),
        'CREATE TABLE "Half" ("id" INT);\nSELECT no_such_function();',
      );
      await expect(migrate(database.url, dir)).rejects.toThrow(/29990101000000_broken failed/);
      const tables = await database.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'Half'`;
      expect(Number(tables[0]?.n)).toBe(0);

      await writeFile(join(dir, "20261123000000_init", "migration.sql"), "-- edited\n");
      await expect(migrate(database.url, dir)).rejects.toThrow(/was edited after it was applied/);
    } finally {
      await database.close();
    }
  }, 60_000);
});
