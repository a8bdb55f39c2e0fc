// Validates a policy document with the engine; its errors (JSON Pointer + message) become a 422.
import { type TPolicy, validatePolicy } from "@gatehouse/policy";
import { AppError } from "../errors";

export function validateDocument(document: unknown): TPolicy {
  const result = validatePolicy(document);
  if (result.ok) return result.policy;
  const first = result.errors[0];
  throw new AppError(
    "validation_failed",
    first ? `Invalid policy: ${first.path || "(document)"}: ${first.message}` : "Invalid policy",
    result.errors,
  );
}
