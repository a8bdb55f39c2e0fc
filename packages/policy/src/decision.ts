/** The engine's decision vocabulary: what `CompiledPolicy.decide` returns. */

export type RateLimitScope = "session" | "agent" | "account";

/** What must be counted for a rate limit: one counter per `key` (the entry's JSON Pointer) and scope key. */
export interface RateLimitSpec {
  /** The entry's JSON Pointer, e.g. `/tools/list_*`. */
  key: string;
  max: number;
  /** Window in seconds. */
  window: number;
  scope: RateLimitScope;
}

export interface ApprovalSpec {
  /** Seconds a request waits for a person. */
  timeout: number;
  /** Seconds the agent's call is held open. */
  hold: number;
}

/**
 * `rule` is a JSON Pointer into the policy: `/hide/0`, `/default`, `/tools/destroy_vm`,
 * `/tools/resize_volume/deny_if/0`, `/tools/deploy/approve_if/1`.
 */
export type PolicyDecision =
  | { kind: "hidden"; rule: string }
  | { kind: "deny"; rule: string; reason?: string }
  | {
      kind: "require_approval";
      rule: string;
      reason?: string;
      approval: ApprovalSpec;
      rateLimit?: RateLimitSpec;
    }
  | { kind: "allow"; rule: string; rateLimit?: RateLimitSpec };

export type PolicyDecisionKind = PolicyDecision["kind"];

export interface PolicyCall {
  tool: string;
  arguments?: unknown;
}
