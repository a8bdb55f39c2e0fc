/**
 * Writes schemas/policy-v1.json from the zod schema. Run: `npx tsx scripts/generate-json-schema.ts`
 * inside packages/policy (a test fails when the committed file is stale).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { policyJsonSchemaText } from "../src/json-schema";

const target = fileURLToPath(new URL("../schemas/policy-v1.json", import.meta.url));
writeFileSync(target, policyJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
