/**
 * Recognising a policy across copies of corsproof. The ESM and CommonJS builds (or two installs)
 * each have their own `CorsPolicy` class, so `instanceof` fails for a policy made by the other one;
 * a brand under a registered symbol (`Symbol.for`) is the same in every copy.
 */
import type { CorsPolicy } from "./create-policy.js";
import type { ReloadableCorsPolicy } from "./reloadable-policy.js";

const POLICY_BRAND = Symbol.for("corsproof.policy");

/** Marks instances of `policyClass` as policies (on the prototype: no per-instance cost). */
export function brandPolicyClass(policyClass: abstract new (...args: never[]) => unknown): void {
  Object.defineProperty(policyClass.prototype, POLICY_BRAND, { value: true });
}

/**
 * True for a `CorsPolicy` or `ReloadableCorsPolicy` from any copy of corsproof.
 *
 * @example
 * const policy = require("corsproof").createCorsPolicy({ origin: "https://app.example.com" }); // CJS build
 * isCorsPolicy(policy); // true in the ESM build too
 */
export function isCorsPolicy(value: unknown): value is CorsPolicy | ReloadableCorsPolicy {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[POLICY_BRAND] === true;
}
