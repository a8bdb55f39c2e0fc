/** Shared test helpers: build a compiled policy from a literal, failing loudly when it is invalid. */
import { type CompiledPolicy, compilePolicy, type TPolicy, validatePolicy } from "../src/index";

export function policy(input: unknown): TPolicy {
  const result = validatePolicy(input);
  if (!result.ok) throw new Error(`invalid test policy: ${JSON.stringify(result.errors)}`);
  return result.policy;
}

export function compiled(input: unknown): CompiledPolicy {
  return compilePolicy(policy(input));
}

export function errorsOf(input: unknown): { path: string; message: string }[] {
  const result = validatePolicy(input);
  if (result.ok) throw new Error("expected the policy to be invalid");
  return result.errors;
}

/** DESIGN §4's example policy, verbatim. */
export const DESIGN_EXAMPLE = `{
  "version": "1",
  "default": "deny",
  "hide": ["debug_*"],
  "tools": {
    "list_async_jobs": {},
    "list_*": { "rate_limit": { "max": 10, "window": 60 } },
    "deploy_virtual_machine": { "action": "require_approval", "approval": { "timeout": 300 } },
    "destroy_virtual_machine": { "action": "deny", "reason": "Destroying VMs is done by the on-call engineer" },
    "resize_volume": { "deny_if": [ { "arg": "size", "op": "gt", "value": 500, "reason": "Volumes over 500 GB need a ticket" } ] }
  }
}`;

/** The reference product page's policy.json, verbatim. */
export const REFERENCE_PAGE_EXAMPLE = `{
  "version": "1",
  "default": "deny",
  "tools": {
    "list_async_jobs": {}
  }
}`;
