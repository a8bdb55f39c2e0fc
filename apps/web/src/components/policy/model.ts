// The visual builder's model: reads a tool's state from a policy document and writes a state back, so the
// visual view and the JSON view edit one document and round-trip exactly.
import type { TPolicy, TToolEntry } from "@gatehouse/policy";

export type TToolState = "default" | "allow" | "deny" | "hide" | "require_approval" | "custom";

export const STATE_LABEL: Record<TToolState, string> = {
  default: "Default",
  allow: "Allow",
  deny: "Deny",
  hide: "Hide",
  require_approval: "Require approval",
  custom: "Custom",
};

export function emptyPolicy(): TPolicy {
  return { version: "1", default: "deny", tools: {} };
}

export function stateOf(policy: TPolicy, tool: string): TToolState {
  if (policy.hide?.includes(tool)) return "hide";
  const entry = policy.tools?.[tool];
  if (!entry) return "default";
  if (entry.action === "deny") return "deny";
  if (entry.rate_limit || entry.deny_if?.length || entry.approve_if?.length) return "custom";
  if (entry.action === "require_approval") return "require_approval";
  return "allow";
}

function withoutHide(policy: TPolicy, tool: string): TPolicy {
  if (!policy.hide?.includes(tool)) return policy;
  const hide = policy.hide.filter((name) => name !== tool);
  const { hide: _dropped, ...rest } = policy;
  return hide.length > 0 ? { ...rest, hide } : rest;
}

function withEntry(policy: TPolicy, tool: string, entry: TToolEntry | undefined): TPolicy {
  const tools = { ...(policy.tools ?? {}) };
  if (entry) tools[tool] = entry;
  else delete tools[tool];
  return { ...policy, tools };
}

/** Sets a tool's state, keeping what still makes sense of its entry (reason, rate limit, conditions). */
export function setState(policy: TPolicy, tool: string, state: TToolState): TPolicy {
  const current = policy.tools?.[tool] ?? {};
  const base = withoutHide(policy, tool);
  const reason = current.reason ? { reason: current.reason } : {};
  switch (state) {
    case "default":
      return withEntry(base, tool, undefined);
    case "allow":
      return withEntry(base, tool, {});
    case "deny":
      return withEntry(base, tool, { action: "deny", ...reason });
    case "require_approval":
      return withEntry(base, tool, {
        action: "require_approval",
        ...reason,
        ...(current.approval ? { approval: current.approval } : {}),
      });
    case "hide": {
      const hidden = withEntry(base, tool, undefined);
      return { ...hidden, hide: [...(hidden.hide ?? []), tool] };
    }
    case "custom": {
      const { action: _action, ...rest } = current;
      return withEntry(base, tool, { ...rest, rate_limit: rest.rate_limit ?? { max: 10, window: 60 } });
    }
  }
}

/** Updates fields of a tool's entry (creating it when absent). `undefined` removes a field. */
export function patchEntry(policy: TPolicy, tool: string, patch: Partial<TToolEntry>): TPolicy {
  const entry: Record<string, unknown> = { ...(policy.tools?.[tool] ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === "") delete entry[key];
    else entry[key] = value;
  }
  return withEntry(withoutHide(policy, tool), tool, entry as TToolEntry);
}

/** Entries and hide patterns that are not exact names of known tools (globs, removed tools). */
export function otherRules(policy: TPolicy, toolNames: ReadonlySet<string>): string[] {
  const rules: string[] = [];
  for (const key of Object.keys(policy.tools ?? {})) if (!toolNames.has(key)) rules.push(`tools: ${key}`);
  for (const pattern of policy.hide ?? []) if (!toolNames.has(pattern)) rules.push(`hide: ${pattern}`);
  return rules;
}

export function toJsonText(policy: unknown): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
