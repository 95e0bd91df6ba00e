/**
 * Access-Control-Expose-Headers: joined once. Sent on actual responses only; browsers ignore it on
 * preflights (Fetch "CORS-preflight fetch" reads only the Allow-* headers and Max-Age).
 */
import { isForbiddenResponseHeaderName } from "../protocol/headers.js";
import type { IssueList } from "./config-error.js";
import { isValidHeaderName, listItems } from "./list-option.js";
import type { ListOption } from "./options.js";

export const ACEH = "Access-Control-Expose-Headers";

/** Validates exposedHeaders and returns the header value ("" for none). */
export function compileExposedHeaders(option: ListOption | undefined, credentials: boolean, issues: IssueList): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const item of listItems(option, "exposedHeaders", issues)) {
    const { value, path } = item;
    const lower = value.toLowerCase();
    if (value === "*") {
      if (credentials) {
        issues.add(
          "exposed-wildcard-with-credentials",
          path,
          "On credentialed responses browsers read 'Access-Control-Expose-Headers: *' as a header literally named '*'.",
          "List the header names script needs to read, e.g. exposedHeaders: ['ETag', 'Location'].",
        );
        continue;
      }
    } else if (!isValidHeaderName(item, issues)) {
      continue;
    } else if (isForbiddenResponseHeaderName(value)) {
      issues.add("forbidden-response-header", path, `Browsers never let script read '${value}' (Fetch forbidden response-header name).`, `Remove '${value}'.`);
      continue;
    } else if (lower.startsWith("access-control-request-") || lower === "origin") {
      issues.add("prohibited-response-header", path, `'${value}' is a request header; exposing it has no effect.`, `Remove '${value}'.`);
      continue;
    }
    if (!seen.has(lower)) names.push(value);
    seen.add(lower);
  }
  return names.join(",");
}
