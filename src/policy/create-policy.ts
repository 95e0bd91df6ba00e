/**
 * createCorsPolicy: validate the whole configuration, then compile it into a frozen policy whose
 * per-request decision is a handful of Set/Map lookups on preformatted values.
 */
import { closest } from "../spec/did-you-mean.js";
import { brandPolicyClass } from "./brand.js";
import { ACAC, ACAC_VALUE } from "./allow-credentials.js";
import {
  ACAH,
  ACRH_VARY,
  type AllowedHeaders,
  checkRequestedHeaders,
  compileAllowedHeaders,
  describeAllowedHeaders,
  type HeadersCheck,
} from "./allow-headers.js";
import { ACAM, type AllowedMethods, compileMethods, describeAllowedMethods, isMethodAllowed } from "./allow-methods.js";
import { ACAO, type OriginMatcher, compileOrigin, matchOrigin } from "./allow-origin.js";
import { ACAPN, asksPrivateNetwork } from "./allow-private-network.js";
import { type ConfigIssue, CorsConfigError, IssueList } from "./config-error.js";
import { type CorsDecision, type DenialCode, decision } from "./decision.js";
import { ACEH, compileExposedHeaders } from "./expose-headers.js";
import { ACMA, compileMaxAge } from "./max-age.js";
import type { CorsOptions } from "./options.js";
import { cachePredicate, checkOriginCache } from "./origin-cache.js";
import { TAO, type TimingAllowOrigin, compileTimingAllowOrigin } from "./timing-allow-origin.js";

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  "origin",
  "methods",
  "allowedHeaders",
  "headers",
  "exposedHeaders",
  "credentials",
  "maxAge",
  "preflightContinue",
  "optionsSuccessStatus",
  "preflightFailureStatus",
  "privateNetwork",
  "timingAllowOrigin",
  "debug",
  "originCache",
  "dangerouslyAllowNullOrigin",
  "dangerouslyAllowInsecureOriginsWithCredentials",
  "dangerouslyAllowSubdomainsOfPublicSuffixes",
]);

const BOOLEAN_OPTIONS = [
  "credentials",
  "preflightContinue",
  "privateNetwork",
  "debug",
  "dangerouslyAllowNullOrigin",
  "dangerouslyAllowInsecureOriginsWithCredentials",
  "dangerouslyAllowSubdomainsOfPublicSuffixes",
] as const;

function checkStatus(value: unknown, name: string, fallback: number, twoHundreds: boolean, issues: IssueList): number {
  if (value === undefined) return fallback;
  const ok = typeof value === "number" && Number.isInteger(value) && (twoHundreds ? value >= 200 && value <= 299 : value >= 200 && value <= 599);
  if (!ok) {
    issues.add(
      "invalid-status",
      name,
      twoHundreds
        ? `${name} ${JSON.stringify(value)} is not a 2xx status; browsers fail preflights without an ok status.`
        : `${name} ${JSON.stringify(value)} is not an HTTP status code.`,
      twoHundreds ? `Use ${fallback} (or 200 for legacy clients).` : `Use ${fallback}.`,
    );
    return fallback;
  }
  return value as number;
}

/** Precomputed answers for one allowed origin. */
interface AllowedEntry {
  readonly actual: CorsDecision;
  /** Successful preflight when nothing needs echoing. */
  readonly preflight: CorsDecision;
  /** The headers of `preflight`, to extend when something is echoed. */
  readonly preflightHeaders: readonly string[];
  /**
   * Successful preflights that echo Access-Control-Request-Headers, by requested value: browsers
   * repeat the same value, so the decision is built once (bounded, like the verdict memo).
   */
  readonly echoed: Map<string, CorsDecision>;
}

const DENIAL_TEXT: Record<DenialCode, string> = {
  "origin-not-allowed": "the origin is not allowed",
  "origin-check-failed": "the origin check threw an error",
  "method-not-allowed": "the requested method is not allowed",
  "headers-not-allowed": "a requested header is not allowed",
  "request-headers-malformed": "Access-Control-Request-Headers is not a valid list of header names",
};

/** Bound on the cache of decisions built for pattern, RegExp or reflected origins. */
const DYNAMIC_CACHE_LIMIT = 1000;
/**
 * Bounds on the memo of Access-Control-Request-Headers verdicts (browsers repeat the same value):
 * longer values are checked without touching the memo (hashing them would cost time linear in
 * their length), and the memo is emptied when full.
 */
const HEADER_CHECK_CACHE_LIMIT = 256;
const HEADER_CHECK_CACHE_VALUE_LENGTH = 256;
/** Echoed preflight decisions remembered per allowed origin. */
const ECHOED_CACHE_LIMIT = 16;

/** The resolved, validated configuration of a policy (for introspection and tooling). */
export interface ResolvedCorsConfig {
  readonly originMode: OriginMatcher["mode"];
  readonly credentials: boolean;
  readonly allowMethods: string;
  readonly allowHeaders: string;
  readonly allowHeadersMode: AllowedHeaders["mode"];
  readonly exposeHeaders: string;
  readonly maxAge: string;
  readonly optionsSuccessStatus: number;
  readonly preflightFailureStatus: number;
  readonly preflightContinue: boolean;
  readonly privateNetwork: boolean;
  readonly timingAllowOrigin: TimingAllowOrigin;
  readonly debug: boolean;
}

/**
 * A validated, compiled CORS policy. Create it with {@link createCorsPolicy}; it is immutable and
 * safe to share between requests, servers and adapters.
 */
export class CorsPolicy {
  /** The validated configuration. */
  readonly config: ResolvedCorsConfig;
  /** True when decisions may be Promises (an async origin predicate is configured). */
  readonly async: boolean;
  readonly #matcher: OriginMatcher;
  readonly #methods: AllowedMethods;
  readonly #headers: AllowedHeaders;
  readonly #exact: ReadonlyMap<string, AllowedEntry>;
  readonly #dynamic = new Map<string, AllowedEntry>();
  readonly #headerChecks = new Map<string, HeadersCheck>();
  readonly #any: AllowedEntry | undefined;
  readonly #noOrigin: CorsDecision;
  readonly #deniedActual: CorsDecision;
  readonly #deniedPreflight: ReadonlyMap<DenialCode, CorsDecision>;
  readonly #preflightVary: string;
  readonly #actualVary: string;

  /** @internal Use {@link createCorsPolicy}. */
  constructor(config: ResolvedCorsConfig, matcher: OriginMatcher, methods: AllowedMethods, headers: AllowedHeaders) {
    this.config = Object.freeze(config);
    this.async = matcher.mode === "predicate";
    this.#matcher = matcher;
    this.#methods = methods;
    this.#headers = headers;
    const varyOrigin = matcher.mode !== "any" && matcher.mode !== "disabled";
    this.#actualVary = varyOrigin ? "Origin" : "";
    const preflightVary: string[] = varyOrigin ? ["Origin"] : [];
    if (methods.echo) preflightVary.push("Access-Control-Request-Method");
    if (headers.echo) preflightVary.push(ACRH_VARY);
    this.#preflightVary = preflightVary.join(", ");
    const tao = config.timingAllowOrigin === "any" ? [TAO, "*"] : [];
    this.#deniedActual = decision(false, false, false, 0, tao, this.#actualVary, "origin-not-allowed", "");
    this.#deniedPreflight = new Map(
      (Object.keys(DENIAL_TEXT) as DenialCode[]).map((code) => [
        code,
        decision(true, false, !config.preflightContinue, config.preflightFailureStatus, [], this.#preflightVary, code, ""),
      ]),
    );
    this.#any = matcher.mode === "any" ? this.#buildEntry("*") : undefined;
    this.#noOrigin =
      matcher.mode === "disabled"
        ? decision(false, false, false, 0, [], "", undefined, "")
        : this.#any !== undefined
          ? this.#any.actual
          : decision(false, false, false, 0, tao, this.#actualVary, undefined, "");
    const exact = new Map<string, AllowedEntry>();
    for (const origin of matcher.exact) exact.set(origin, this.#buildEntry(origin));
    this.#exact = exact;
    Object.freeze(this);
  }

  #buildEntry(acao: string): AllowedEntry {
    const c = this.config;
    const common = [ACAO, acao];
    if (c.credentials) common.push(ACAC, ACAC_VALUE);
    const actual = [...common];
    if (c.exposeHeaders !== "") actual.push(ACEH, c.exposeHeaders);
    if (c.timingAllowOrigin !== "off") actual.push(TAO, c.timingAllowOrigin === "any" ? "*" : acao);
    const preflight = [...common];
    if (this.#methods.header !== "") preflight.push(ACAM, this.#methods.header);
    if (this.#headers.header !== "") preflight.push(ACAH, this.#headers.header);
    if (c.maxAge !== "") preflight.push(ACMA, c.maxAge);
    return {
      actual: decision(false, true, false, 0, actual, this.#actualVary, undefined, ""),
      preflight: decision(true, true, !c.preflightContinue, c.optionsSuccessStatus, preflight, this.#preflightVary, undefined, ""),
      preflightHeaders: preflight,
      echoed: new Map(),
    };
  }

  #entryFor(origin: string): AllowedEntry {
    if (this.#any !== undefined) return this.#any;
    const cacheable = this.#matcher.mode !== "predicate";
    const hit = cacheable ? this.#dynamic.get(origin) : undefined;
    if (hit !== undefined) return hit;
    const entry = this.#buildEntry(origin);
    if (cacheable && this.#dynamic.size < DYNAMIC_CACHE_LIMIT) this.#dynamic.set(origin, entry);
    return entry;
  }

  #denyPreflight(code: DenialCode, origin: string, entry: AllowedEntry | undefined, detail: string): CorsDecision {
    const base = this.#deniedPreflight.get(code) as CorsDecision;
    if (!this.config.debug) return base;
    const body = `corsproof refused this CORS preflight from ${JSON.stringify(origin)}: ${DENIAL_TEXT[code]}${detail}.\n`;
    // Debug: for an allowed origin, answer with an ok status and the configured lists, so the
    // browser's own console message names the method or header that is missing.
    if (entry !== undefined) return decision(true, false, !this.config.preflightContinue, 200, entry.preflightHeaders, this.#preflightVary, code, body);
    return decision(true, false, base.endPreflight, base.status, [], this.#preflightVary, code, body);
  }

  /** checkRequestedHeaders, memoised for short values (a pure function of the policy and the value). */
  #checkHeaders(acrh: string): HeadersCheck {
    if (acrh.length > HEADER_CHECK_CACHE_VALUE_LENGTH) return checkRequestedHeaders(this.#headers, acrh);
    const memo = this.#headerChecks;
    let check = memo.get(acrh);
    if (check === undefined) {
      check = checkRequestedHeaders(this.#headers, acrh);
      if (memo.size >= HEADER_CHECK_CACHE_LIMIT) memo.clear();
      memo.set(acrh, check);
    }
    return check;
  }

  #preflight(entry: AllowedEntry, origin: string, acrm: string, acrh: string | undefined, acrpn: string | undefined): CorsDecision {
    if (!isMethodAllowed(this.#methods, acrm)) {
      return this.#denyPreflight(
        "method-not-allowed",
        origin,
        entry,
        this.config.debug ? ` (${JSON.stringify(acrm)}; allowed: ${describeAllowedMethods(this.#methods)})` : "",
      );
    }
    const echoHeaders = this.#headers.echo && acrh !== undefined && acrh !== "";
    if (acrh !== undefined && acrh !== "") {
      const offending: string[] | undefined = this.config.debug ? [] : undefined;
      const check = offending === undefined ? this.#checkHeaders(acrh) : checkRequestedHeaders(this.#headers, acrh, offending);
      if (check !== "ok") {
        const detail = offending?.length ? ` (${JSON.stringify(offending[0])}; allowed: ${describeAllowedHeaders(this.#headers)})` : "";
        return this.#denyPreflight(check === "malformed" ? "request-headers-malformed" : "headers-not-allowed", origin, entry, detail);
      }
    }
    const echoMethod = this.#methods.echo;
    const pna = this.config.privateNetwork && asksPrivateNetwork(acrpn);
    if (!echoHeaders && !echoMethod && !pna) return entry.preflight;
    // Only the echoed request headers vary: memoise by value, as browsers repeat it.
    const memoise = echoHeaders && !echoMethod && !pna && (acrh as string).length <= HEADER_CHECK_CACHE_VALUE_LENGTH;
    if (memoise) {
      const hit = entry.echoed.get(acrh as string);
      if (hit !== undefined) return hit;
    }
    const headers = [...entry.preflightHeaders];
    if (echoMethod) headers.push(ACAM, acrm);
    if (echoHeaders) headers.push(ACAH, acrh as string);
    if (pna) headers.push(ACAPN, "true");
    const p = entry.preflight;
    const d = decision(true, true, p.endPreflight, p.status, headers, p.vary, undefined, "");
    if (memoise) {
      if (entry.echoed.size >= ECHOED_CACHE_LIMIT) entry.echoed.clear();
      entry.echoed.set(acrh as string, d);
    }
    return d;
  }

  #decideAllowed(allowed: boolean, origin: string, preflight: boolean, acrm: string, acrh: string | undefined, acrpn: string | undefined): CorsDecision {
    if (!allowed) return preflight ? this.#denyPreflight("origin-not-allowed", origin, undefined, "") : this.#deniedActual;
    const entry = this.#entryFor(origin);
    return preflight ? this.#preflight(entry, origin, acrm, acrh, acrpn) : entry.actual;
  }

  /**
   * Decides one request. A pure function of the policy and the request's method, Origin,
   * Access-Control-Request-Method, Access-Control-Request-Headers and
   * Access-Control-Request-Private-Network values (`undefined` when absent; several header lines
   * joined with ", " as Node does). Never throws; returns a Promise only when {@link async} is true.
   *
   * @example
   * ```ts
   * const d = policy.decide("OPTIONS", "https://app.example.com", "PUT", "content-type", undefined);
   * d.allowed; // true
   * d.headers; // ["Access-Control-Allow-Origin", "https://app.example.com", "Access-Control-Allow-Methods", …]
   * ```
   */
  decide(method: string, origin: string | undefined, acrm?: string, acrh?: string, acrpn?: string): CorsDecision | Promise<CorsDecision> {
    if (origin === undefined) return this.#noOrigin;
    const preflight = method === "OPTIONS" && acrm !== undefined;
    // An origin in #dynamic was allowed before, and matching is a pure function of the policy.
    const known = this.#exact.get(origin) ?? this.#any ?? (this.#dynamic.size > 0 ? this.#dynamic.get(origin) : undefined);
    if (known !== undefined) return preflight ? this.#preflight(known, origin, acrm as string, acrh, acrpn) : known.actual;
    let allowed: boolean | Promise<boolean>;
    try {
      allowed = matchOrigin(this.#matcher, origin);
    } catch {
      return preflight ? this.#denyPreflight("origin-check-failed", origin, undefined, "") : this.#deniedActual;
    }
    if (typeof allowed === "boolean") return this.#decideAllowed(allowed, origin, preflight, acrm as string, acrh, acrpn);
    return Promise.resolve(allowed).then(
      (ok) => this.#decideAllowed(ok === true, origin, preflight, acrm as string, acrh, acrpn),
      () => (preflight ? this.#denyPreflight("origin-check-failed", origin, undefined, "") : this.#deniedActual),
    );
  }
}
brandPolicyClass(CorsPolicy);

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
  if (issues.items.length > 0) throw new CorsConfigError(issues.items);
  return policy;
}

/**
 * Lists every problem in a configuration without throwing (an empty list means valid): for
 * configuration UIs, linters and the legacy adapters' warnings.
 *
 * @example
 * ```ts
 * for (const issue of validateCorsOptions(tenantConfig)) console.warn(`${issue.path}: ${issue.message} ${issue.fix}`);
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
  const credentials = options.credentials === true;
  const cache = checkOriginCache(options.originCache, typeof options.origin === "function", issues);
  const origin = cache !== undefined && typeof options.origin === "function" ? cachePredicate(options.origin, cache) : options.origin;
  const matcher = compileOrigin(
    origin,
    {
      credentials,
      allowNull: options.dangerouslyAllowNullOrigin === true,
      allowInsecure: options.dangerouslyAllowInsecureOriginsWithCredentials === true,
      allowPublicSuffixes: options.dangerouslyAllowSubdomainsOfPublicSuffixes === true,
    },
    issues,
  );
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
  return new CorsPolicy(config, matcher, methods, headers);
}
