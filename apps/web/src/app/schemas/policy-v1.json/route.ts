// The published JSON Schema of policy v1, generated from the engine's zod schema, so editors can complete it.
import { policyJsonSchema } from "@gatehouse/policy";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(policyJsonSchema, {
    headers: { "cache-control": "public, max-age=3600", "access-control-allow-origin": "*" },
  });
}
