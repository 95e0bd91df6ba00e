/**
 * A policy that can be replaced at runtime (a tenant adds an origin) without restarting.
 * The replacement is validated completely before it takes effect, and swapping is a single
 * reference assignment: every request is decided by exactly one policy, so in-flight requests
 * (including pending async origin checks) finish on the policy they started with.
 */
import { brandPolicyClass } from "./brand.js";
import { type CorsPolicy, createCorsPolicy } from "./create-policy.js";
import type { CorsDecision } from "./decision.js";
import type { CorsOptions } from "./options.js";

/**
 * Holds the current {@link CorsPolicy}; pass it to any adapter in place of a policy.
 *
 * @example
 * ```ts
 * const cors = new ReloadableCorsPolicy({ origin: ["https://a.example.com"] });
 * app.use(corsMiddleware(cors));
 * // later, when a tenant adds an origin (throws CorsConfigError and keeps the old policy if invalid):
 * cors.reconfigure({ origin: ["https://a.example.com", "https://b.example.com"] });
 * ```
 */
export class ReloadableCorsPolicy {
  #current: CorsPolicy;

  constructor(initial: CorsOptions | CorsPolicy) {
    this.#current = compiled(initial);
  }

  /** The policy deciding new requests. */
  get policy(): CorsPolicy {
    return this.#current;
  }

  /** True when the current policy's decisions may be Promises. */
  get async(): boolean {
    return this.#current.async;
  }

  /** Validates and swaps in a new configuration. On error, throws and the old policy stays. */
  reconfigure(next: CorsOptions | CorsPolicy): void {
    this.#current = compiled(next);
  }

  /** Decides with the current policy; see {@link CorsPolicy.decide}. */
  decide(method: string, origin: string | undefined, acrm?: string, acrh?: string, acrpn?: string, context?: unknown): CorsDecision | Promise<CorsDecision> {
    return this.#current.decide(method, origin, acrm, acrh, acrpn, context);
  }
}
brandPolicyClass(ReloadableCorsPolicy);

function compiled(input: CorsOptions | CorsPolicy): CorsPolicy {
  return "decide" in input ? (input as CorsPolicy) : createCorsPolicy(input as CorsOptions);
}
