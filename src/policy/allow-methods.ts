/**
 * Access-Control-Allow-Methods: compiled once into a Set (for validating the requested method)
 * and one preformatted header value. Methods are case-sensitive (Fetch "CORS-preflight fetch"
 * step 7: a byte-exact list membership), so `patch` and `PATCH` are different methods.
 */
import { isCorsSafelistedMethod, isForbiddenMethod, normalizeMethod } from "../protocol/methods.js";
import { isToken } from "../protocol/token.js";
import type { IssueList } from "./config-error.js";
import { listItems } from "./list-option.js";
import type { ListOption } from "./options.js";

export const ACAM = "Access-Control-Allow-Methods";
export const DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

/** A compiled methods option. */
export interface AllowedMethods {
  /** `*` was configured. */
  readonly any: boolean;
  readonly allowed: ReadonlySet<string>;
  /** The static header value ("" when echoing). */
  readonly header: string;
  /** The requested method is echoed instead (`*` with credentials, where browsers read `*` literally). */
  readonly echo: boolean;
}

/** Validates and compiles the methods option. */
export function compileMethods(option: ListOption | undefined, credentials: boolean, issues: IssueList): AllowedMethods {
  const items = listItems(option ?? DEFAULT_METHODS, "methods", issues);
  const allowed = new Set<string>();
  const names: string[] = [];
  let any = false;
  for (const { value, path } of items) {
    if (value === "*") {
      any = true;
    } else if (!isToken(value)) {
      issues.add("invalid-method", path, `'${value}' is not a valid method name (RFC 9110 token).`, "Use method names such as 'PUT' or 'DELETE'.");
    } else if (isForbiddenMethod(value)) {
      issues.add("forbidden-method", path, `Browsers never send ${value.toUpperCase()} from script (Fetch forbidden method).`, `Remove '${value}'.`);
    } else {
      const method = normalizeMethod(value);
      if (!allowed.has(method)) names.push(method);
      allowed.add(method);
    }
  }
  const header = any ? (credentials ? "" : "*") : names.join(",");
  return { any, allowed, header, echo: any && credentials };
}

/** Whether a preflight's Access-Control-Request-Method is allowed. */
export function isMethodAllowed(m: AllowedMethods, requested: string): boolean {
  if (m.allowed.has(requested) || isCorsSafelistedMethod(requested)) return true;
  return m.any && isToken(requested) && !isForbiddenMethod(requested);
}

/**
 * The methods {@link isMethodAllowed} accepts, in words, read from the same set and flag (debug
 * explanations: an empty list must not read as "any").
 */
export function describeAllowedMethods(m: AllowedMethods): string {
  if (m.any) return "any method but the forbidden ones";
  const listed = [...m.allowed];
  return `${listed.length > 0 ? listed.join(",") : "none listed"}, and the CORS-safelisted GET, HEAD, POST`;
}
