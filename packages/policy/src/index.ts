/**
 * @gatehouse/policy — the pure policy engine: schema and validation, compile and decide, tools/list
 * filtering, rate-limit counting, agent-facing texts, risk classification, recommended policies and
 * the simulator. No I/O; Node-only hashing lives in `@gatehouse/policy/hash`.
 */

export type {
  AccountNames,
  AccountNameTable,
  AccountNameTarget,
  AccountServerNames,
} from "./account-names";
export {
  ACCOUNT_NAME_MAX_LENGTH,
  ACCOUNT_NAME_SEPARATOR,
  ACCOUNT_RESOURCE_SCHEME,
  accountNameCandidate,
  accountResourceUri,
  buildAccountNames,
  buildAccountNameTable,
  resolveAccountResourceUri,
  shortNameHash,
} from "./account-names";
export type {
  ClassifiableTool,
  Exposure,
  RiskCategory,
  RiskLevel,
  ToolAnnotations,
  ToolClassification,
} from "./classify";
export { classifyTool, splitWords } from "./classify";
export type { CompiledPolicy, ToolResolution } from "./compile";
export { compilePolicy, RESOLUTION_CACHE_LIMIT } from "./compile";
export { jsonEquals } from "./conditions";
export type {
  ApprovalSpec,
  PolicyCall,
  PolicyDecision,
  PolicyDecisionKind,
  RateLimitScope,
  RateLimitSpec,
} from "./decision";
export type { PolicyDiff, ToolChange } from "./diff";
export { describeChangeOfRule, diffPolicies } from "./diff";
export type {
  PolicyExplanation,
  RuleExplanation,
  RuleRef,
  ToolEffect,
  ToolExplanation,
  ToolSource,
} from "./explain";
export { describeEffect, describeSource, explainPolicy, explainTool } from "./explain";
export { compileGlob, isGlob, literalLength } from "./glob";
export { POLICY_SCHEMA_ID, policyJsonSchema, policyJsonSchemaText } from "./json-schema";
export { POLICY_DEFAULTS, POLICY_LIMITS } from "./limits";
export type { AuditDecision, DecisionMeta } from "./messages";
export {
  AUDIT_DECISIONS,
  approvalExpiredMessage,
  approvalPendingMessage,
  approverDeniedMessage,
  auditDecisionOf,
  DECISION_META_KEY,
  decisionMeta,
  deniedMessage,
  REFUSED_TASK_ERROR_CODE,
  rateLimitMessage,
  UNKNOWN_TOOL_ERROR_CODE,
  unknownToolMessage,
} from "./messages";
export { escapePointerToken, parsePointer, toPointer } from "./pointer";
export type {
  MemoryRateLimitCounterOptions,
  RateLimitCounter,
  RateLimitHit,
  RateLimitSubject,
} from "./rate-limit";
export { MemoryRateLimitCounter, rateLimitCounterKey } from "./rate-limit";
export {
  RECOMMENDED_WRITE_RATE_LIMIT,
  recommendationSummary,
  recommendedEntry,
  recommendedToolPolicy,
  recommendPolicy,
} from "./recommend";
export type { RegexCheck } from "./regex-safety";
export { checkRegex } from "./regex-safety";
export type { TApproval, TCondition, TConditionOp, TPolicy, TRateLimit, TToolEntry } from "./schema";
export {
  CONDITION_OPS,
  ZApprovalSchema,
  ZConditionSchema,
  ZPolicySchema,
  ZRateLimitSchema,
  ZToolEntrySchema,
} from "./schema";
export { formatPolicy, normalizePolicy } from "./serialize";
export type { RecordedCall, ReplayChange, ReplayOptions, ReplayReport, SimulationResult } from "./simulate";
export { kindOfAuditDecision, replayCalls, replaySummary, simulateCall } from "./simulate";
export type { PolicyError, ValidationResult } from "./validate";
export { parsePolicyJson, validatePolicy } from "./validate";
