/**
 * The policy v1 JSON Schema, generated from the zod schema (the single source), for editors and the
 * published `/schemas/policy-v1.json`. `schemas/policy-v1.json` is the committed copy; a test keeps
 * it equal to this.
 */
import { z } from "zod";
import { ZPolicySchema } from "./schema";

export const POLICY_SCHEMA_ID = "https://gatehouse.dev/schemas/policy-v1.json";

function generate(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZPolicySchema, { target: "draft-2020-12", unrepresentable: "any" });
  return { ...schema, $id: POLICY_SCHEMA_ID, title: "Gatehouse policy v1" };
}

/** The JSON Schema of policy v1 (draft 2020-12). */
export const policyJsonSchema: Readonly<Record<string, unknown>> = Object.freeze(generate());

/** The schema as the committed file's text (2-space JSON, trailing newline). */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema, null, 2)}\n`;
}
