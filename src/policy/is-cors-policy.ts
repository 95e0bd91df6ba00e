/** The one check, for adapters and applications alike, that a value is a policy rather than options. */
import { hasPolicyBrand } from "./brand.js";
import type { CorsPolicy } from "./cors-policy.js";
import type { ReloadableCorsPolicy } from "./reloadable-policy.js";

/**
 * True for a `CorsPolicy` or `ReloadableCorsPolicy` from any copy of corsproof (the ESM and
 * CommonJS builds each have their own classes, so `instanceof` would miss the other build's).
 *
 * @example
 * const policy = require("corsproof").createCorsPolicy({ origin: "https://app.example.com" }); // CJS build
 * isCorsPolicy(policy); // true in the ESM build too
 */
export function isCorsPolicy(value: unknown): value is CorsPolicy | ReloadableCorsPolicy {
  return hasPolicyBrand(value);
}
