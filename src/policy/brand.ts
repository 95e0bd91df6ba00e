/**
 * Recognising a policy across copies of corsproof. The ESM and CommonJS builds (or two installs)
 * each have their own `CorsPolicy` class, so `instanceof` fails for a policy made by the other one;
 * a brand under a registered symbol (`Symbol.for`) is the same in every copy. This module knows no
 * policy class (the classes import it to brand themselves); `isCorsPolicy` names the types.
 */

const POLICY_BRAND = Symbol.for("corsproof.policy");

/** Marks instances of `policyClass` as policies (on the prototype: no per-instance cost). */
export function brandPolicyClass(policyClass: abstract new (...args: never[]) => unknown): void {
  Object.defineProperty(policyClass.prototype, POLICY_BRAND, { value: true });
}

/** True for an instance of a class marked by {@link brandPolicyClass}, in any copy of corsproof. */
export function hasPolicyBrand(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[POLICY_BRAND] === true;
}
