/**
 * Hard limits on policy documents. They keep validation and evaluation bounded in time and memory
 * whatever a (possibly hostile) client sends; the README lists them.
 */
export const POLICY_LIMITS = {
  /** Longest policy text `parsePolicyJson` accepts, in characters. */
  maxJsonLength: 1_000_000,
  /** Deepest nesting of objects and arrays anywhere in a policy document. */
  maxDepth: 32,
  /** Most JSON values (objects, arrays and scalars) in one policy document. */
  maxNodes: 200_000,
  /** Longest string anywhere in a policy document. */
  maxStringLength: 10_000,
  /** Most entries under `tools`. */
  maxToolEntries: 5_000,
  /** Most patterns under `hide`. */
  maxHidePatterns: 1_000,
  /** Longest tool name or glob pattern (entry key or hide pattern). */
  maxPatternLength: 256,
  /** Most `*` in one glob pattern. */
  maxPatternStars: 16,
  /** Most conditions in one `deny_if` or `approve_if` list. */
  maxConditionsPerList: 100,
  /** Most conditions in the whole policy. */
  maxConditions: 10_000,
  /** Longest `arg` path, in characters, and most segments in it. */
  maxArgPathLength: 256,
  maxArgPathSegments: 32,
  /** Longest `regex` pattern (DESIGN §4). */
  maxRegexLength: 256,
  /** A `regex` condition is tested against at most this many characters of the argument (DESIGN §4). */
  maxRegexSubjectLength: 10_000,
  /** Most values in an `in` / `not_in` list. */
  maxInValues: 1_000,
  /** Longest `reason`. */
  maxReasonLength: 1_000,
  /** `rate_limit.max` upper bound. */
  maxRateLimitMax: 1_000_000_000,
} as const;

/** Defaults and bounds of DESIGN §4. */
export const POLICY_DEFAULTS = {
  approvalTimeout: 300,
  approvalTimeoutMax: 86_400,
  approvalHold: 45,
  approvalHoldMax: 110,
  rateLimitWindowMin: 1,
  rateLimitWindowMax: 86_400,
  rateLimitScope: "session",
} as const;
