/**
 * createCorsPolicy: validate the whole configuration (collecting every problem), then compile it
 * into a frozen {@link CorsPolicy}.
 */
import { closest } from "../protocol/did-you-mean.js";
import { compileAllowedHeaders } from "./allow-headers.js";
import { compileMethods } from "./allow-methods.js";
import { compileOrigin } from "./allow-origin.js";
import { BOOLEAN_OPTIONS, checkStatus, KNOWN_OPTIONS } from "./check-options.js";
import { type ConfigIssue, CorsConfigError, type CorsWarningHandler, emitCorsWarning, IssueList } from "./config-error.js";
import { CorsPolicy, type ResolvedCorsConfig } from "./cors-policy.js";
import { compileExposedHeaders } from "./expose-headers.js";
import { compileMaxAge } from "./max-age.js";
import type { CorsOptions } from "./options.js";
import { cachePredicate, checkOriginCache } from "./origin-cache.js";
import { startOriginAudit } from "./startup-audit.js";
import { compileTimingAllowOrigin } from "./timing-allow-origin.js";

export { CorsPolicy, type ResolvedCorsConfig } from "./cors-policy.js";

/**
 * Validates a whole CORS configuration and compiles it into an immutable {@link CorsPolicy}.
 *
 * Throws one {@link CorsConfigError} listing every problem (stable code, path, fix) when the
 * configuration is invalid, insecure, or would be refused by browsers.
 *
 * @example
 * ```ts
 * import { createCorsPolicy } from "corsproof";
 * const policy = createCorsPolicy({
 *   origin: ["https://app.example.com", "https://*.preview.example.com"],
 *   credentials: true,
 *   methods: ["GET", "PUT", "DELETE"],
 *   allowedHeaders: ["Content-Type", "Authorization"],
 *   maxAge: 600,
 * });
 * ```
 *
 * Security: with `credentials: true`, `*`, reflect-any, `null`, `http:` (non-loopback) origins and
 * wildcards on public suffixes are refused unless you opt in with a `dangerously…` option.
 */
export function createCorsPolicy(options: CorsOptions): CorsPolicy {
  const issues = new IssueList();
  const policy = compilePolicy(options, issues);
  if (issues.hasErrors) throw new CorsConfigError(issues.items);
  const onWarning = warningHandler(options);
  for (const issue of issues.items) onWarning(issue);
  startOriginAudit(options, onWarning);
  return policy;
}

/**
 * Lists every problem in a configuration without throwing, each with its severity: `error`s make
 * createCorsPolicy throw, `warning`s are what it reports through `onWarning` (an empty list means
 * clean). For configuration UIs, linters and the legacy adapters' warnings. To judge options written
 * for an adapter (`cors`, `@fastify/cors`, `@koa/cors`, `hono/cors` names and defaults), use
 * `validateCorsOptions(options, { flavour })` from `corsproof/validate`.
 *
 * @example
 * ```ts
 * for (const issue of validateCorsOptions(tenantConfig)) console.warn(`${issue.severity} ${issue.path}: ${issue.message} ${issue.fix}`);
 * ```
 */
export function validateCorsOptions(options: CorsOptions): readonly ConfigIssue[] {
  const issues = new IssueList();
  compilePolicy(options, issues);
  return issues.items;
}

/** Validates and compiles, recording problems instead of throwing. */
function compilePolicy(options: CorsOptions, issues: IssueList): CorsPolicy {
  if (options === null || typeof options !== "object") {
    issues.add("invalid-type", "(options)", "The options must be an object.", "Pass an object such as { origin: 'https://app.example.com' }.");
    options = { origin: false };
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      const guess = closest(key, KNOWN_OPTIONS);
      issues.add("unknown-option", key, `'${key}' is not a corsproof option and would be ignored.`, guess ? `Did you mean '${guess}'?` : "Remove it.");
    }
  }
  const record = options as unknown as Record<string, unknown>;
  for (const key of BOOLEAN_OPTIONS) {
    if (record[key] !== undefined && typeof record[key] !== "boolean") {
      issues.add("invalid-type", key, `${key} must be true or false, not ${JSON.stringify(record[key])}.`, `Write ${key}: true or ${key}: false.`);
    }
  }
  if (options.onWarning !== undefined && typeof options.onWarning !== "function") {
    issues.add("invalid-type", "onWarning", "onWarning must be a function (issue) => void.", "Write e.g. onWarning: (issue) => logger.warn(issue.message).");
  }
  const credentials = options.credentials === true;
  const cache = checkOriginCache(options.originCache, typeof options.origin === "function", issues);
  const origin = cache !== undefined && typeof options.origin === "function" ? cachePredicate(options.origin, cache) : options.origin;
  const ctx = {
    credentials,
    allowNull: options.dangerouslyAllowNullOrigin === true,
    allowInsecure: options.dangerouslyAllowInsecureOriginsWithCredentials === true,
    allowPublicSuffixes: options.dangerouslyAllowSubdomainsOfPublicSuffixes === true,
  };
  const matcher = compileOrigin(origin, ctx, issues, "origin" in options);
  const methods = compileMethods(options.methods, credentials, issues);
  const headersName = options.allowedHeaders !== undefined ? "allowedHeaders" : "headers";
  const headers = compileAllowedHeaders(options.allowedHeaders ?? options.headers, headersName, credentials, issues);
  const config: ResolvedCorsConfig = {
    originMode: matcher.mode,
    credentials,
    allowMethods: methods.header,
    allowHeaders: headers.header,
    allowHeadersMode: headers.mode,
    exposeHeaders: compileExposedHeaders(options.exposedHeaders, credentials, issues),
    maxAge: compileMaxAge(options.maxAge, issues),
    optionsSuccessStatus: checkStatus(options.optionsSuccessStatus, "optionsSuccessStatus", 204, true, issues),
    preflightFailureStatus: checkStatus(options.preflightFailureStatus, "preflightFailureStatus", 403, false, issues),
    preflightContinue: options.preflightContinue === true,
    privateNetwork: options.privateNetwork === true,
    timingAllowOrigin: compileTimingAllowOrigin(options.timingAllowOrigin, issues),
    debug: options.debug === true,
  };
  return new CorsPolicy(config, matcher, methods, headers, ctx, warningHandler(options));
}

/** The `onWarning` option, or the default (process.emitWarning). */
function warningHandler(options: CorsOptions): CorsWarningHandler {
  return typeof options?.onWarning === "function" ? options.onWarning : emitCorsWarning;
}
