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
  return entryState(policy.tools?.[tool]);
}

/**
 * The state an entry (of a tool or a pattern) is shown in; "default" when there is none. Custom is anything the
 * simple states cannot show: a rate limit, conditions, or a reason or approval timing on an allowing entry.
 */
export function entryState(entry: TToolEntry | undefined): TToolState {
  if (!entry) return "default";
  if (entry.action === "deny") return "deny";
  if (entry.rate_limit || entry.deny_if?.length || entry.approve_if?.length) return "custom";
  if (entry.action === "require_approval") return "require_approval";
  if (entry.reason !== undefined || entry.approval) return "custom";
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

/**
 * Sets a tool's state, keeping what still makes sense of its entry. Choosing a state adds nothing the user did
 * not set: Custom keeps the entry as it is (less a deny) and adds no rate limit, condition or timing by itself.
 */
export function setState(policy: TPolicy, tool: string, state: TToolState): TPolicy {
  const current = policy.tools?.[tool] ?? {};
  const base = withoutHide(policy, tool);
  const reason = current.reason !== undefined ? { reason: current.reason } : {};
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
      if (current.action !== "deny") return withEntry(base, tool, { ...current });
      const { action: _action, ...rest } = current;
      return withEntry(base, tool, rest);
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

/** A rule of its own row: a tools entry or a hide pattern, named by its key. */
export interface TRuleRef {
  kind: "entry" | "hide";
  key: string;
}

/** The policy without `tool`'s own entry and exact hide: what would apply to it if its row were "Not set". */
export function withoutOwnRule(policy: TPolicy, tool: string): TPolicy {
  return withEntry(withoutHide(policy, tool), tool, undefined);
}

/** Renames a pattern (or entry) in place, keeping its position: order breaks ties between patterns. */
export function renameRule(policy: TPolicy, rule: TRuleRef, to: string): TPolicy {
  if (rule.kind === "hide") {
    return { ...policy, hide: (policy.hide ?? []).map((pattern) => (pattern === rule.key ? to : pattern)) };
  }
  const tools: Record<string, TToolEntry> = {};
  for (const [key, entry] of Object.entries(policy.tools ?? {})) tools[key === rule.key ? to : key] = entry;
  return { ...policy, tools };
}

/** Removes a pattern row's rule. */
export function removeRule(policy: TPolicy, rule: TRuleRef): TPolicy {
  return rule.kind === "hide" ? withoutHide(policy, rule.key) : withEntry(policy, rule.key, undefined);
}

/** True when the key is already used by a rule of that kind (an entry key, or a hide pattern). */
export function hasRule(policy: TPolicy, key: string): boolean {
  return policy.hide?.includes(key) === true || policy.tools?.[key] !== undefined;
}

export function toJsonText(policy: unknown): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/**
 * Merges a recommended policy into the one being edited: tools without an entry of their own get the
 * recommended entry; with `replaceOwn`, tools the user set (entries or exact hides) get it too. Patterns, hide
 * patterns and entries for other names are kept; the default becomes the recommendation's (deny).
 */
export function mergeRecommended(policy: TPolicy, recommended: TPolicy, replaceOwn: boolean): TPolicy {
  let merged: TPolicy = { ...policy, default: recommended.default };
  for (const [tool, entry] of Object.entries(recommended.tools ?? {})) {
    const own = merged.tools?.[tool] !== undefined || merged.hide?.includes(tool) === true;
    if (own && !replaceOwn) continue;
    merged = withEntry(withoutHide(merged, tool), tool, entry);
  }
  return merged;
}

/** How many of the recommendation's tools already have an entry (or exact hide) of their own. */
export function ownRulesAmong(policy: TPolicy, recommended: TPolicy): number {
  return Object.keys(recommended.tools ?? {}).filter(
    (tool) => policy.tools?.[tool] !== undefined || policy.hide?.includes(tool) === true,
  ).length;
}
