/** The generated JSON Schema and its committed copy. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyJsonSchema, policyJsonSchemaText } from "../src/index";

describe("policy JSON Schema", () => {
  it("[R10] the committed schemas/policy-v1.json equals the schema generated from zod", () => {
    // Compared as JSON, not text: the repository's formatter may lay the file out differently.
    const committed: unknown = JSON.parse(
      readFileSync(new URL("../schemas/policy-v1.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(JSON.parse(policyJsonSchemaText()));
  });

  it("[R10] is strict and carries descriptions for editors", () => {
    const schema = policyJsonSchema as {
      additionalProperties: unknown;
      required: string[];
      properties: Record<
        string,
        { description?: string; additionalProperties?: { additionalProperties?: unknown } }
      >;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["version", "default"]);
    expect(schema.properties.default?.description).toContain("deny");
    expect(schema.properties.tools?.additionalProperties?.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    for (const key of ["rate_limit", "approve_if", "deny_if", "hold", "timeout", "not_in"])
      expect(text).toContain(key);
  });
});
