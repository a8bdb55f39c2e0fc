// The committed SQL migrations, applied by our runner, must produce exactly what schema.prisma describes:
// every model, column, type, nullability, default, index and foreign key, and nothing more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { createTestDatabase, type TestDatabase } from "../src/testing.js";
import { readActualSchema } from "./actual-schema.js";
import { loadExpectedSchema } from "./expected-schema.js";

let database: TestDatabase;
let actual: Awaited<ReturnType<typeof readActualSchema>>;
const expected = loadExpectedSchema();

beforeAll(async () => {
  database = await createTestDatabase();
  actual = await readActualSchema(database.url);
}, 60_000);
afterAll(() => database?.close());

describe("migrated database matches schema.prisma", () => {
  it("has exactly the models' tables", () => {
    expect([...actual.tables.keys()].sort()).toEqual([...expected.tables.keys()].sort());
  });

  it("has every column with its type, nullability and default, and no other", () => {
    for (const [table, columns] of expected.tables) {
      const actualColumns = Object.fromEntries(actual.tables.get(table) ?? []);
      expect({ table, columns: actualColumns }).toEqual({ table, columns: Object.fromEntries(columns) });
    }
  });

  it("has every index, unique constraint and primary key, and no other", () => {
    expect(actual.indexes).toEqual(expected.indexes);
  });

  it("has every foreign key with its delete rule, and no other", () => {
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it("has every enum with its values in order", () => {
    expect(Object.fromEntries(actual.enums)).toEqual(Object.fromEntries(expected.enums));
  });

  it("migrating again applies nothing (safe on every start)", async () => {
    const again = await migrate(database.url);
    expect(again.applied).toEqual([]);
    expect(again.skipped.length).toBeGreaterThanOrEqual(2);
  });
});
