/** Adapters accept options (compiled once, here), a created policy, or a reloadable one. */
import { type CorsDecider, type CorsOptions, CorsPolicy, createCorsPolicy, ReloadableCorsPolicy } from "../index.js";

/** Options, a policy created with `createCorsPolicy`, or a {@link ReloadableCorsPolicy}. */
export type PolicyInput = CorsOptions | CorsPolicy | ReloadableCorsPolicy;

/** Returns the decider, compiling options (and throwing CorsConfigError) at most once. */
export function deciderOf(input: PolicyInput): CorsDecider {
  return input instanceof CorsPolicy || input instanceof ReloadableCorsPolicy ? input : createCorsPolicy(input);
}
