/**
 * corsproof: a validated, precompiled CORS policy engine.
 *
 * @example
 * ```ts
 * import { createCorsPolicy } from "corsproof";
 * const policy = createCorsPolicy({ origin: "https://app.example.com", credentials: true });
 * ```
 * @packageDocumentation
 */
export { createCorsPolicy, validateCorsOptions } from "./policy/create-policy.js";
export { type CorsDecider, CorsPolicy, type ResolvedCorsConfig } from "./policy/cors-policy.js";
export {
  CONFIG_ISSUE_CODES,
  CorsConfigError,
  type ConfigIssue,
  type ConfigIssueCode,
  type ConfigIssueSeverity,
  type CorsWarningHandler,
} from "./policy/config-error.js";
export type { CorsDecision, DenialCode } from "./policy/decision.js";
export type { CorsOptions, ListOption, OriginCacheOptions, OriginEntry, OriginOption, OriginPredicate } from "./policy/options.js";
export { ReloadableCorsPolicy } from "./policy/reloadable-policy.js";
export { isCorsPolicy } from "./policy/is-cors-policy.js";
export { matchesAllowlist } from "./policy/allowlist.js";
export { auditOriginFunction, type OriginAuditOptions } from "./policy/audit-origin-function.js";
export { appendVary } from "./protocol/vary.js";
