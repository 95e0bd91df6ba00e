/** Adapters accept either options (compiled once, here) or an already created policy. */
import { type CorsOptions, CorsPolicy, createCorsPolicy } from "../index.js";

/** Options or a policy created with `createCorsPolicy`. */
export type PolicyInput = CorsOptions | CorsPolicy;

/** Returns the policy, compiling options (and throwing CorsConfigError) at most once. */
export function toPolicy(input: PolicyInput): CorsPolicy {
  return input instanceof CorsPolicy ? input : createCorsPolicy(input);
}
