/**
 * Policy validation: a bounded pre-scan that refuses hostile documents (too deep, too big) before any
 * schema work, then the zod schema, with every issue turned into `{path: JSON Pointer, message}` that
 * says what was expected and suggests the likely key or value for a near miss.
 */
import type { z } from "zod";
import { POLICY_LIMITS } from "./limits";
import { toPointer } from "./pointer";
import {
  type TPolicy,
  ZApprovalSchema,
  ZConditionSchema,
  ZPolicySchema,
  ZRateLimitSchema,
  ZToolEntrySchema,
} from "./schema";
import { suggest } from "./suggest";

export interface PolicyError {
  /** JSON Pointer to the offending location (`""` is the whole document). */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; policy: TPolicy } | { ok: false; errors: PolicyError[] };

const MAX_ERRORS = 100;

/** Refuses documents that are too deep or too big, iteratively and in time linear in the limits. */
function preScan(input: unknown): PolicyError | undefined {
  const stack: { value: unknown; depth: number; path: PropertyKey[] }[] = [
    { value: input, depth: 0, path: [] },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    nodes++;
    if (nodes > POLICY_LIMITS.maxNodes) {
      return { path: "", message: `policy is too large: more than ${POLICY_LIMITS.maxNodes} JSON values` };
    }
    if (typeof value === "string") {
      if (value.length > POLICY_LIMITS.maxStringLength) {
        return {
          path: toPointer(path),
          message: `string is too long: ${value.length} characters, at most ${POLICY_LIMITS.maxStringLength}`,
        };
      }
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= POLICY_LIMITS.maxDepth) {
      return {
        path: toPointer(path),
        message: `policy is nested too deeply: more than ${POLICY_LIMITS.maxDepth} levels`,
      };
    }
    if (Array.isArray(value)) {
      if (value.length > POLICY_LIMITS.maxNodes) {
        return {
          path: toPointer(path),
          message: `array is too long: more than ${POLICY_LIMITS.maxNodes} items`,
        };
      }
      for (let i = 0; i < value.length; i++)
        stack.push({ value: value[i], depth: depth + 1, path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key.length > POLICY_LIMITS.maxStringLength) {
        return {
          path: toPointer(path),
          message: `a key is too long: at most ${POLICY_LIMITS.maxStringLength} characters`,
        };
      }
      if (key === "__proto__") {
        // Object assignment would drop it (zod does), silently losing whatever it holds.
        return { path: toPointer([...path, key]), message: "`__proto__` cannot be used as a key" };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: [...path, key] });
      if (stack.length > POLICY_LIMITS.maxNodes) {
        return { path: "", message: `policy is too large: more than ${POLICY_LIMITS.maxNodes} JSON values` };
      }
    }
  }
  return undefined;
}

function keysOf(schema: { shape: Record<string, unknown> }): string[] {
  return Object.keys(schema.shape);
}

const TOP_KEYS = keysOf(ZPolicySchema);
const ENTRY_KEYS = keysOf(ZToolEntrySchema);
const CONDITION_KEYS = keysOf(ZConditionSchema);
const RATE_LIMIT_KEYS = keysOf(ZRateLimitSchema);
const APPROVAL_KEYS = keysOf(ZApprovalSchema);

/** The keys allowed in the object at `path`. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return TOP_KEYS;
  if (path[0] !== "tools") return [];
  if (path.length === 2) return ENTRY_KEYS;
  if (path.length === 3 && path[2] === "rate_limit") return RATE_LIMIT_KEYS;
  if (path.length === 3 && path[2] === "approval") return APPROVAL_KEYS;
  if (path.length === 4 && (path[2] === "deny_if" || path[2] === "approve_if")) return CONDITION_KEYS;
  return [];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function quote(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function issueToErrors(issue: z.core.$ZodIssue, input: unknown): PolicyError[] {
  const path = issue.path;
  const pointer = toPointer(path);
  const actual = valueAt(input, path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(path);
      return issue.keys.map((key) => {
        const guess = suggest(key, allowed);
        const hint = guess
          ? ` — did you mean \`${guess}\`?`
          : allowed.length > 0
            ? `; expected one of: ${allowed.map((k) => `\`${k}\``).join(", ")}`
            : "";
        return { path: toPointer([...path, key]), message: `unknown key \`${key}\`${hint}` };
      });
    }
    case "invalid_type": {
      if (actual === undefined) return [{ path: pointer, message: `required: expected ${issue.expected}` }];
      return [{ path: pointer, message: `expected ${issue.expected}, got ${describeType(actual)}` }];
    }
    case "invalid_value": {
      const options = issue.values as readonly unknown[];
      const guess =
        typeof actual === "string"
          ? suggest(
              actual,
              options.filter((o): o is string => typeof o === "string"),
            )
          : undefined;
      const expected = options.length === 1 ? quote(options) : `one of ${quote(options)}`;
      const got = actual === undefined ? "nothing" : JSON.stringify(actual);
      const hint = guess && guess !== actual ? ` — did you mean ${JSON.stringify(guess)}?` : "";
      return [{ path: pointer, message: `expected ${expected}, got ${got}${hint}` }];
    }
    case "invalid_key": {
      const inner = issue.issues.map((i) => i.message.replace(/^Too (small|big): /, "")).join("; ");
      return [{ path: pointer, message: `invalid tool name or pattern: ${inner}` }];
    }
    default:
      return [{ path: pointer, message: issue.message.replace(/^(Invalid input|Too small|Too big): /, "") }];
  }
}

/** Validates an already-parsed JSON value as a policy v1. Never throws. */
export function validatePolicy(input: unknown): ValidationResult {
  const tooBig = preScan(input);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const result = ZPolicySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  const errors: PolicyError[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    for (const error of issueToErrors(issue, input)) {
      const id = `${error.path}\n${error.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      errors.push(error);
    }
    if (errors.length >= MAX_ERRORS) break;
  }
  errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
}

/** Parses policy JSON text (bounded in length) and validates it. Never throws. */
export function parsePolicyJson(text: string): ValidationResult {
  if (text.length > POLICY_LIMITS.maxJsonLength) {
    return {
      ok: false,
      errors: [
        { path: "", message: `policy text is too long: at most ${POLICY_LIMITS.maxJsonLength} characters` },
      ],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: "", message: `not valid JSON: ${detail}` }] };
  }
  return validatePolicy(parsed);
}
