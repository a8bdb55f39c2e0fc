/**
 * Stable serialisation of a policy for the dashboard's JSON view and for diffs between versions:
 * keys in the schema's order (tool entries in the order written), two-space JSON. Parsing the output
 * gives back an equal policy.
 */
import type { TCondition, TPolicy, TToolEntry } from "./schema";

function pick<T extends object>(source: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function orderCondition(condition: TCondition): TCondition {
  return pick(condition, ["arg", "op", "value", "reason"]) as TCondition;
}

function orderEntry(entry: TToolEntry): TToolEntry {
  const out = pick(entry, ["action", "reason"]) as TToolEntry;
  if (entry.rate_limit)
    out.rate_limit = pick(entry.rate_limit, ["max", "window", "scope"]) as TToolEntry["rate_limit"];
  if (entry.approval) out.approval = pick(entry.approval, ["timeout", "hold"]);
  if (entry.deny_if) out.deny_if = entry.deny_if.map(orderCondition);
  if (entry.approve_if) out.approve_if = entry.approve_if.map(orderCondition);
  return out;
}

/** The policy with its keys in canonical order (a new object; the input is not changed). */
export function normalizePolicy(policy: TPolicy): TPolicy {
  const out = pick(policy, ["$schema", "version", "default", "hide"]) as TPolicy;
  if (policy.tools) {
    out.tools = Object.fromEntries(
      Object.entries(policy.tools).map(([key, entry]) => [key, orderEntry(entry)]),
    );
  }
  return out;
}

/** Two-space JSON of the policy in canonical key order, with a trailing newline. */
export function formatPolicy(policy: TPolicy): string {
  return `${JSON.stringify(normalizePolicy(policy), null, 2)}\n`;
}
