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
export { createCorsPolicy, CorsPolicy, type ResolvedCorsConfig, validateCorsOptions } from "./policy/create-policy.js";
export { CONFIG_ISSUE_CODES, CorsConfigError, type ConfigIssue, type ConfigIssueCode } from "./policy/config-error.js";
export type { CorsDecision, DenialCode } from "./policy/decision.js";
export type { CorsOptions, ListOption, OriginEntry, OriginOption, OriginPredicate } from "./policy/options.js";
export { ReloadableCorsPolicy } from "./policy/reloadable-policy.js";
export { isCorsPolicy } from "./policy/brand.js";
export type { OriginCacheOptions } from "./policy/origin-cache.js";
export { appendVary } from "./spec/vary.js";
