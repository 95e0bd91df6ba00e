/**
 * Allowlists answered at request time. Origin functions in the style of `cors` and `@fastify/cors`
 * may answer a string, a RegExp or a list of them, meaning "allowed when the request's origin is
 * in this list". Such a list is validated exactly like the `origin` option (canonical origins,
 * anchored RegExps) and compiled once per value, so the adapter still writes only the request's
 * own origin, never the returned value.
 */
import { type OriginMatcher, compileOrigin, matchOrigin } from "./allow-origin.js";
import { BoundedCache } from "./bounded-cache.js";
import { CorsConfigError, IssueList } from "./config-error.js";
import type { OriginEntry } from "./options.js";

/** Most distinct string answers kept compiled (objects are kept while the caller holds them). */
const STRING_ANSWERS = 100;

const byObject = new WeakMap<object, OriginMatcher>();
const byString = new BoundedCache<string, OriginMatcher>(STRING_ANSWERS);

function compile(allowlist: OriginEntry | readonly OriginEntry[]): OriginMatcher {
  const issues = new IssueList();
  const matcher =
    typeof allowlist === "string" || allowlist instanceof RegExp || Array.isArray(allowlist)
      ? compileOrigin(allowlist, { credentials: false, allowNull: false, allowInsecure: false, allowPublicSuffixes: false }, issues)
      : undefined;
  if (matcher === undefined)
    issues.add("invalid-type", "origin", "An allowlist must be an origin, a RegExp or a list of them.", "Return one of those, or true/false.");
  if (issues.hasErrors) throw new CorsConfigError(issues.items);
  return matcher as OriginMatcher;
}

/**
 * Whether `origin` is in `allowlist`. Throws a {@link CorsConfigError} when the list is not valid
 * as an `origin` option would have to be.
 *
 * @example
 * ```ts
 * matchesAllowlist(["https://app.example.com", "https://*.example.org"], "https://a.example.org"); // true
 * ```
 */
export function matchesAllowlist(allowlist: OriginEntry | readonly OriginEntry[], origin: string): boolean {
  const isString = typeof allowlist === "string";
  let m = isString ? byString.get(allowlist) : byObject.get(allowlist as object);
  if (m === undefined) {
    m = compile(allowlist);
    if (isString) byString.set(allowlist, m);
    else byObject.set(allowlist as object, m);
  }
  return matchOrigin(m, origin) === true;
}
