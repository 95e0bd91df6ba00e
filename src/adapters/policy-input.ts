/** Adapters accept options (compiled once, here), a created policy, or a reloadable one. */
import { type CorsDecision, type CorsOptions, CorsPolicy, createCorsPolicy, ReloadableCorsPolicy } from "../index.js";

/** Options, a policy created with `createCorsPolicy`, or a {@link ReloadableCorsPolicy}. */
export type PolicyInput = CorsOptions | CorsPolicy | ReloadableCorsPolicy;

/** What adapters need of a policy: one decision per request. */
export interface CorsDecider {
  decide(method: string, origin: string | undefined, acrm?: string, acrh?: string, acrpn?: string, context?: unknown): CorsDecision | Promise<CorsDecision>;
}

/** Returns the decider, compiling options (and throwing CorsConfigError) at most once. */
export function toPolicy(input: PolicyInput): CorsDecider {
  return input instanceof CorsPolicy || input instanceof ReloadableCorsPolicy ? input : createCorsPolicy(input);
}
