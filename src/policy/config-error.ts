/**
 * Configuration problems are data: a stable code, a path into the options, a message and a fix.
 * createCorsPolicy collects every problem before it throws, so one run shows them all.
 */

/** Stable identifiers of configuration problems. Never renamed once released. */
export const CONFIG_ISSUE_CODES = [
  "unknown-option",
  "invalid-type",
  "origin-required",
  "empty-origin-list",
  "wildcard-origin-with-credentials",
  "reflect-origin-with-credentials",
  "wildcard-origin-in-list",
  "null-origin",
  "file-origin",
  "non-canonical-origin",
  "invalid-origin",
  "invalid-origin-pattern",
  "insecure-origin-with-credentials",
  "public-suffix-wildcard-with-credentials",
  "public-suffix-list-unavailable",
  "unanchored-regexp",
  "stateful-regexp",
  "unescaped-dot-regexp",
  "invalid-method",
  "forbidden-method",
  "invalid-header-name",
  "forbidden-request-header",
  "prohibited-request-header",
  "forbidden-response-header",
  "prohibited-response-header",
  "exposed-wildcard-with-credentials",
  "invalid-max-age",
  "invalid-status",
  "invalid-origin-cache",
] as const;

/** One of {@link CONFIG_ISSUE_CODES}. */
export type ConfigIssueCode = (typeof CONFIG_ISSUE_CODES)[number];

/** One problem found in a configuration. */
export interface ConfigIssue {
  readonly code: ConfigIssueCode;
  /** Where in the options, e.g. `origin[2]` or `maxAge`. */
  readonly path: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What to write instead, in one sentence. */
  readonly fix: string;
}

/**
 * Thrown by `createCorsPolicy` (and every adapter factory) when the configuration is invalid,
 * insecure or would be refused by browsers. `issues` lists every problem found, not just the first.
 *
 * @example
 * ```ts
 * try {
 *   createCorsPolicy({ origin: "*", credentials: true });
 * } catch (error) {
 *   if (error instanceof CorsConfigError) for (const issue of error.issues) console.error(issue.code, issue.fix);
 * }
 * ```
 */
export class CorsConfigError extends Error {
  override readonly name = "CorsConfigError";
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((i) => `  - [${i.code}] ${i.path}: ${i.message} Fix: ${i.fix}`);
    super(`Invalid CORS configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.issues = Object.freeze([...issues]);
  }
}

/** Collects issues while a configuration is validated. */
export class IssueList {
  readonly items: ConfigIssue[] = [];
  add(code: ConfigIssueCode, path: string, message: string, fix: string): void {
    this.items.push({ code, path, message, fix });
  }
}
