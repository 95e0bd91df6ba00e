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
  "max-age-above-browser-cap",
  "unset-origin",
  "comma-separated-origins",
  "wildcard-inside-origin-string",
  "regexp-matches-any-origin",
  "regexp-admits-unnamed-origin",
  "dynamic-origin-refused",
  "origin-function-admits-attacker",
  "origin-audit-unavailable",
] as const;

/**
 * Problems that never make a policy insecure or break it in browsers: the entry is dead (browsers
 * never ask for or expose that header) or is clamped to what browsers honour. They are reported once
 * at construction and the policy is built without them; every other code refuses the configuration.
 */
export const WARNING_CODES: ReadonlySet<ConfigIssueCode> = new Set<ConfigIssueCode>([
  "forbidden-request-header",
  "prohibited-request-header",
  "forbidden-response-header",
  "prohibited-response-header",
  "max-age-above-browser-cap",
  "regexp-matches-any-origin",
  "dynamic-origin-refused",
  "origin-audit-unavailable",
]);

/** `error`: the configuration is refused. `warning`: reported, and the entry dropped or clamped. */
export type ConfigIssueSeverity = "error" | "warning";

/** One of {@link CONFIG_ISSUE_CODES}. */
export type ConfigIssueCode = (typeof CONFIG_ISSUE_CODES)[number];

/** One problem found in a configuration. */
export interface ConfigIssue {
  readonly code: ConfigIssueCode;
  /** `error` refuses the configuration; `warning` is reported once and the entry dropped or clamped. */
  readonly severity: ConfigIssueSeverity;
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
    issues = issues.filter((i) => i.severity !== "warning");
    const lines = issues.map((i) => `  - [${i.code}] ${i.path}: ${i.message} Fix: ${i.fix}`);
    super(`Invalid CORS configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.issues = Object.freeze([...issues]);
  }
}

/** Collects issues while a configuration is validated. */
export class IssueList {
  readonly items: ConfigIssue[] = [];
  add(code: ConfigIssueCode, path: string, message: string, fix: string): void {
    this.items.push(configIssue(code, path, message, fix));
  }
  /** True when at least one problem refuses the configuration. */
  get hasErrors(): boolean {
    return this.items.some((i) => i.severity === "error");
  }
}

/** A {@link ConfigIssue} with the severity its code has. */
export function configIssue(code: ConfigIssueCode, path: string, message: string, fix: string): ConfigIssue {
  return { code, severity: WARNING_CODES.has(code) ? "warning" : "error", path, message, fix };
}

/** Receives each warning once, when a policy is created (the `onWarning` option). */
export type CorsWarningHandler = (issue: ConfigIssue) => void;

/** Warnings already emitted by the default handler (bounded: options built from request data cannot grow it without limit). */
const emitted = new Set<string>();
const EMITTED_LIMIT = 256;

/**
 * The default warning handler: one `process.emitWarning` per problem (code `CORSPROOF_CONFIG`), or
 * `console.warn` on runtimes without `process` (Workers, Deno without Node compatibility).
 */
export function emitCorsWarning(issue: ConfigIssue): void {
  const text = `corsproof: [${issue.code}] ${issue.path}: ${issue.message} Fix: ${issue.fix}`;
  // Adapters may compile the same options more than once (Koa's credentials variants, per-request
  // delegators): the same warning is emitted once per process.
  if (emitted.has(text)) return;
  if (emitted.size >= EMITTED_LIMIT) emitted.clear();
  emitted.add(text);
  const proc = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  if (typeof proc?.emitWarning === "function") proc.emitWarning(text, { code: "CORSPROOF_CONFIG" });
  else console.warn(text);
}
