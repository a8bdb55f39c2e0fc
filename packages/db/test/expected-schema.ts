// What schema.prisma says the database must hold, read through Prisma's own schema parser (WASM, offline):
// tables, columns with type/nullability/default, indexes and foreign keys, in Postgres terms.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { MIGRATIONS_DIR } from "../src/migrate.js";

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object";
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  isUpdatedAt?: boolean;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
}

export interface ExpectedColumn {
  type: string;
  nullable: boolean;
  default: string | null;
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp(3)",
  Json: "jsonb",
  Float: "double precision",
};

function columnType(field: DmmfField): string {
  const base =
    field.kind === "enum"
      ? field.type
      : field.nativeType?.[0] === "Uuid"
        ? "uuid"
        : (SCALAR_TYPES[field.type] ?? `unknown:${field.type}`);
  return field.isList ? `${base}[]` : base;
}

/** Prisma's defaults as Postgres would print them; client-side defaults (uuid(), cuid()) have none in the DB. */
function columnDefault(field: DmmfField): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default;
  if (Array.isArray(value)) return `ARRAY[]::${columnType(field)}`;
  if (value && typeof value === "object" && "name" in value) {
    const name = (value as { name: string }).name;
    if (name === "now") return "CURRENT_TIMESTAMP";
    if (name === "autoincrement") return "nextval";
    return null;
  }
  if (typeof value === "string") {
    if (field.kind === "enum") return `'${value}'::"${field.type}"`;
    return field.type === "Json" ? `'${value}'` : `'${value}'::text`;
  }
  return String(value);
}

export function loadExpectedSchema() {
  const source = readFileSync(join(MIGRATIONS_DIR, "..", "schema.prisma"), "utf8");
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", source]] }))) as {
    datamodel: {
      models: DmmfModel[];
      enums: { name: string; values: { name: string }[] }[];
      indexes: DmmfIndex[];
    };
  };
  const tableOf = new Map(dmmf.datamodel.models.map((model) => [model.name, model.dbName ?? model.name]));
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    return field?.dbName ?? fieldName;
  };

  const tables = new Map<string, Map<string, ExpectedColumn>>();
  const foreignKeys: string[] = [];
  for (const model of dmmf.datamodel.models) {
    const columns = new Map<string, ExpectedColumn>();
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (!field.relationFromFields?.length) continue;
        const target = dmmf.datamodel.models.find((candidate) => candidate.name === field.type)!;
        const from = field.relationFromFields.map((name) => columnOf(model, name)).join(",");
        const to = (field.relationToFields ?? []).map((name) => columnOf(target, name)).join(",");
        const onDelete = (
          field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")
        ).toUpperCase();
        foreignKeys.push(
          `${tableOf.get(model.name)}(${from}) -> ${tableOf.get(target.name)}(${to}) ON DELETE ${onDelete}`,
        );
        continue;
      }
      columns.set(field.dbName ?? field.name, {
        type: columnType(field),
        nullable: field.isList || !field.isRequired,
        default: columnDefault(field),
      });
    }
    tables.set(tableOf.get(model.name)!, columns);
  }

  const indexes = dmmf.datamodel.indexes.map((index) => {
    const model = dmmf.datamodel.models.find((candidate) => candidate.name === index.model)!;
    const columns = index.fields.map(
      (field) => `${columnOf(model, field.name)}${field.sortOrder === "desc" ? " DESC" : ""}`,
    );
    const kind = index.type === "normal" ? "index" : index.type === "id" ? "primary" : "unique";
    return `${tableOf.get(model.name)} ${kind} (${columns.join(", ")})`;
  });

  const enums = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((value) => value.name)]));
  return { tables, indexes: indexes.sort(), foreignKeys: foreignKeys.sort(), enums };
}
