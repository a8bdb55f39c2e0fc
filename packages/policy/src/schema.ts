/**
 * The policy v1 schema (DESIGN §4): the single source of the policy's rules, its TypeScript types,
 * its JSON Schema (`policy-v1.json`) and its validation errors. Every object is strict: an unknown key
 * is an error, so a typo never silently weakens a policy. Defaults are applied by `compilePolicy`, not
 * here, so a parsed policy serialises back to exactly what was written.
 */
import { z } from "zod";
import { POLICY_DEFAULTS, POLICY_LIMITS } from "./limits";
import { checkRegex } from "./regex-safety";

export const CONDITION_OPS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "lt",
  "lte",
  "gt",
  "gte",
  "regex",
  "contains",
  "exists",
] as const;
export type TConditionOp = (typeof CONDITION_OPS)[number];

export const NUMERIC_STRING = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, or a string that is entirely a finite number; otherwise undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.length <= 64 && NUMERIC_STRING.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const ZReason = z
  .string()
  .min(1)
  .max(POLICY_LIMITS.maxReasonLength)
  .describe("Shown to the agent, e.g. `Denied by policy: REASON`.");

const ZArgPath = z
  .string()
  .min(1)
  .max(POLICY_LIMITS.maxArgPathLength)
  .regex(/^[^.]+(\.[^.]+)*$/, "expected a dot path such as `size` or `servers.0.name` (no empty segments)")
  .describe("Dot path into the call's arguments: object keys and array indexes, e.g. `servers.0.name`.");

export const ZConditionSchema = z
  .strictObject({
    arg: ZArgPath,
    op: z
      .enum(CONDITION_OPS)
      .describe(
        "eq neq in not_in lt lte gt gte regex contains exists. A missing argument matches only `exists`; a comparison that cannot be made (wrong type) matches.",
      ),
    value: z
      .unknown()
      .optional()
      .describe(
        "What to compare with: any JSON value for eq/neq/contains, an array for in/not_in, a number (or numeric string) for lt/lte/gt/gte, a regex string for regex, an optional boolean for exists (false: matches when absent).",
      ),
    reason: ZReason.optional(),
  })
  .superRefine((condition, ctx) => {
    const problem = conditionValueProblem(condition.op, condition.value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["value"], message: problem });
    if (condition.arg.split(".").length > POLICY_LIMITS.maxArgPathSegments) {
      ctx.addIssue({
        code: "custom",
        path: ["arg"],
        message: `expected at most ${POLICY_LIMITS.maxArgPathSegments} path segments`,
      });
    }
  })
  .describe("A condition on the call's arguments.");
export type TCondition = z.output<typeof ZConditionSchema>;

function conditionValueProblem(op: TConditionOp, value: unknown): string | undefined {
  switch (op) {
    case "exists":
      return value === undefined || typeof value === "boolean"
        ? undefined
        : "expected no value, or a boolean, for `exists`";
    case "in":
    case "not_in":
      if (!Array.isArray(value)) return `expected an array of values for \`${op}\``;
      return value.length > POLICY_LIMITS.maxInValues
        ? `expected at most ${POLICY_LIMITS.maxInValues} values`
        : undefined;
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return toNumber(value) === undefined
        ? `expected a finite number (or a string that is one) for \`${op}\``
        : undefined;
    case "regex": {
      if (typeof value !== "string") return "expected a regex pattern string for `regex`";
      const check = checkRegex(value);
      return check.ok ? undefined : check.message;
    }
    default:
      return value === undefined ? `expected a \`value\` for \`${op}\`` : undefined;
  }
}

const ZConditionList = z.array(ZConditionSchema).max(POLICY_LIMITS.maxConditionsPerList);

export const ZRateLimitSchema = z
  .strictObject({
    max: z
      .number()
      .int()
      .min(1)
      .max(POLICY_LIMITS.maxRateLimitMax)
      .describe("Calls allowed per window (counted only when forwarded upstream)."),
    window: z
      .number()
      .int()
      .min(POLICY_DEFAULTS.rateLimitWindowMin)
      .max(POLICY_DEFAULTS.rateLimitWindowMax)
      .describe("Window in seconds (1 to 86,400); fixed windows aligned to multiples of it since the epoch."),
    scope: z.enum(["session", "agent", "account"]).optional().meta({
      description:
        "Whose calls share the counter: `session` (default; the agent's MCP session), `agent` or `account`.",
      default: "session",
    }),
  })
  .describe("One counter per entry and scope key.");
export type TRateLimit = z.output<typeof ZRateLimitSchema>;

export const ZApprovalSchema = z
  .strictObject({
    timeout: z.number().int().min(1).max(POLICY_DEFAULTS.approvalTimeoutMax).optional().meta({
      description: "Seconds a request waits for a person (default 300, at most 86,400).",
      default: 300,
    }),
    hold: z.number().int().min(0).max(POLICY_DEFAULTS.approvalHoldMax).optional().meta({
      description: "Seconds the agent's call is held open waiting (default 45, at most 110).",
      default: 45,
    }),
  })
  .describe("How approvals for this entry behave.");
export type TApproval = z.output<typeof ZApprovalSchema>;

export const ZToolEntrySchema = z
  .strictObject({
    action: z.enum(["allow", "deny", "require_approval"]).optional().meta({
      description: "`allow` (the default, so `{}` allows), `deny` or `require_approval`.",
      default: "allow",
    }),
    reason: ZReason.optional(),
    rate_limit: ZRateLimitSchema.optional(),
    approval: ZApprovalSchema.optional(),
    deny_if: ZConditionList.optional().describe("Any matching condition denies the call."),
    approve_if: ZConditionList.optional().describe("Any matching condition requires a person's approval."),
  })
  .describe("The rule for a tool (exact name) or a glob of tools (`*` matches any run of characters).");
export type TToolEntry = z.output<typeof ZToolEntrySchema>;

const ZPattern = z
  .string()
  .min(1)
  .max(POLICY_LIMITS.maxPatternLength)
  .refine((s) => s.split("*").length - 1 <= POLICY_LIMITS.maxPatternStars, {
    message: `expected at most ${POLICY_LIMITS.maxPatternStars} \`*\` in a pattern`,
  });

export const ZPolicySchema = z
  .strictObject({
    $schema: z.string().max(2_000).optional().describe("Optional JSON Schema URL, for editors."),
    version: z.literal("1").describe('Policy format version; must be "1".'),
    default: z
      .enum(["allow", "deny"])
      .describe("What happens to a tool no entry matches: `allow` it, or `deny` (hide) it."),
    hide: z
      .array(ZPattern.describe("Tool name or glob."))
      .max(POLICY_LIMITS.maxHidePatterns)
      .optional()
      .describe("Tools matching any of these names or globs are hidden: not listed, calls unknown."),
    tools: z
      .record(ZPattern, ZToolEntrySchema)
      .optional()
      .describe(
        "Entries by exact tool name or glob. Exactly one applies: exact name, else the glob with the most literal characters (first written on a tie), else `default`.",
      ),
  })
  .superRefine((policy, ctx) => {
    const entries = Object.entries(policy.tools ?? {});
    if (entries.length > POLICY_LIMITS.maxToolEntries) {
      ctx.addIssue({
        code: "custom",
        path: ["tools"],
        message: `expected at most ${POLICY_LIMITS.maxToolEntries} entries, got ${entries.length}`,
      });
    }
    let conditions = 0;
    for (const [, entry] of entries)
      conditions += (entry.deny_if?.length ?? 0) + (entry.approve_if?.length ?? 0);
    if (conditions > POLICY_LIMITS.maxConditions) {
      ctx.addIssue({
        code: "custom",
        path: ["tools"],
        message: `expected at most ${POLICY_LIMITS.maxConditions} conditions in the whole policy, got ${conditions}`,
      });
    }
  })
  .describe("A Gatehouse policy, version 1.");
export type TPolicy = z.output<typeof ZPolicySchema>;
