// What a migrated database actually holds, read from the Postgres catalogue in the same terms as expected-schema.ts.
import pg from "pg";
import type { ExpectedColumn } from "./expected-schema.js";

const ACTIONS: Record<string, string> = {
  a: "NOACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SETNULL",
  d: "SETDEFAULT",
};

function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  if (value.startsWith("nextval(")) return "nextval";
  return value
    .replace(/::text\[\]$/, "::text[]")
    .replace(/'\[\]'::jsonb/, "'[]'")
    .replace(/'\{\}'::jsonb/, "'{}'");
}

export async function readActualSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{
      table_name: string;
      column_name: string;
      type: string;
      is_nullable: string;
      column_default: string | null;
    }>(`SELECT c.table_name, c.column_name, c.is_nullable, c.column_default,
               format_type(a.atttypid, a.atttypmod) AS type
        FROM information_schema.columns c
        JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                           AND a.attname = c.column_name
        WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`);
    const tables = new Map<string, Map<string, ExpectedColumn>>();
    for (const row of columns.rows) {
      const table = tables.get(row.table_name) ?? new Map<string, ExpectedColumn>();
      table.set(row.column_name, {
        type: row.type.replace("timestamp(3) without time zone", "timestamp(3)").replaceAll('"', ""),
        nullable: row.is_nullable === "YES",
        default: normaliseDefault(row.column_default),
      });
      tables.set(row.table_name, table);
    }

    const indexRows = await client.query<{
      definition: string;
      table: string;
      primary: boolean;
      unique: boolean;
    }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS definition, t.relname AS table, i.indisprimary AS primary,
              i.indisunique AS unique
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
    );
    const indexes = indexRows.rows
      .map((row) => {
        const inner = row.definition.slice(
          row.definition.lastIndexOf("(") + 1,
          row.definition.lastIndexOf(")"),
        );
        const cols = inner.split(",").map((col) => col.trim().replaceAll('"', ""));
        return `${row.table} ${row.primary ? "primary" : row.unique ? "unique" : "index"} (${cols.join(", ")})`;
      })
      .sort();

    const fkRows = await client.query<{ definition: string; table: string; target: string; deltype: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS definition, t.relname AS table, r.relname AS target,
              c.confdeltype AS deltype
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
       WHERE c.contype = 'f'`,
    );
    const foreignKeys = fkRows.rows
      .map((row) => {
        const [, from = "", to = ""] =
          /FOREIGN KEY \(([^)]*)\) REFERENCES [^(]+\(([^)]*)\)/.exec(row.definition) ?? [];
        const clean = (list: string) => list.replaceAll('"', "").replaceAll(" ", "");
        return `${row.table}(${clean(from)}) -> ${row.target}(${clean(to)}) ON DELETE ${ACTIONS[row.deltype]}`;
      })
      .sort();

    const enumRows = await client.query<{ name: string; value: string }>(
      `SELECT t.typname AS name, e.enumlabel AS value FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
       ORDER BY t.typname, e.enumsortorder`,
    );
    const enums = new Map<string, string[]>();
    for (const row of enumRows.rows) enums.set(row.name, [...(enums.get(row.name) ?? []), row.value]);

    return { tables, indexes, foreignKeys, enums };
  } finally {
    await client.end();
  }
}
