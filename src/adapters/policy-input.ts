/** Adapters accept options (compiled once, here), a created policy, or a reloadable one. */
import { type CorsDecider, type CorsOptions, CorsPolicy, createCorsPolicy, ReloadableCorsPolicy } from "../index.js";

/** Options, a policy created with `createCorsPolicy`, or a {@link ReloadableCorsPolicy}. */
export type PolicyInput = CorsOptions | CorsPolicy | ReloadableCorsPolicy;

/** Whether an adapter was given a policy rather than options (the one check every adapter uses). */
export function isPolicy(value: unknown): value is CorsPolicy | ReloadableCorsPolicy {
  return value instanceof CorsPolicy || value instanceof ReloadableCorsPolicy;
}

/** Returns the decider, compiling options (and throwing CorsConfigError) at most once. */
export function deciderOf(input: PolicyInput): CorsDecider {
  return isPolicy(input) ? input : createCorsPolicy(input);
}
