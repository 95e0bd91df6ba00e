/**
 * The engine: a validated configuration compiled into precomputed decisions, so deciding a
 * request is a handful of Set/Map lookups on preformatted values. Created by createCorsPolicy.
 */
import { ACAC, ACAC_VALUE } from "./allow-credentials.js";
import { ACAH, ACRH_VARY, type AllowedHeaders, checkRequestedHeaders, describeAllowedHeaders, type HeadersCheck } from "./allow-headers.js";
import { ACAM, type AllowedMethods, describeAllowedMethods, isMethodAllowed } from "./allow-methods.js";
import { ACAO, matchOrigin, type OriginMatcher } from "./allow-origin.js";
import { ACAPN, asksPrivateNetwork } from "./allow-private-network.js";
import { BoundedCache } from "./bounded-cache.js";
import { brandPolicyClass } from "./brand.js";
import type { ConfigIssue, CorsWarningHandler } from "./config-error.js";
import { actualDecision, CORS_OFF, type CorsDecision, type DenialCode, preflightDecision } from "./decision.js";
import { ACEH } from "./expose-headers.js";
import { refuseDynamicOrigin } from "./dynamic-origin-guard.js";
import { ACMA } from "./max-age.js";
import type { EntryContext } from "./origin-entry.js";
import { TAO, type TimingAllowOrigin } from "./timing-allow-origin.js";

/** Precomputed answers for one allowed origin. */
interface AllowedEntry {
  readonly actual: CorsDecision;
  /** Successful preflight when nothing needs echoing. */
  readonly preflight: CorsDecision;
  /** The headers of `preflight`, to extend when something is echoed. */
  readonly preflightHeaders: readonly string[];
  /**
   * Successful preflights that echo Access-Control-Request-Headers, by requested value: browsers
   * repeat the same value, so the decision is built once.
   */
  readonly echoed: BoundedCache<string, CorsDecision>;
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
 * their length).
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
 * What adapters need of a policy: one decision per request. {@link CorsPolicy} and
 * `ReloadableCorsPolicy` are deciders; so is anything else with this method (a test double, a
 * policy chosen per tenant).
 */
export interface CorsDecider {
  decide(method: string, origin: string | undefined, acrm?: string, acrh?: string, acrpn?: string, context?: unknown): CorsDecision | Promise<CorsDecision>;
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
  readonly #dynamic = new BoundedCache<string, AllowedEntry>(DYNAMIC_CACHE_LIMIT);
  readonly #headerChecks = new BoundedCache<string, HeadersCheck>(HEADER_CHECK_CACHE_LIMIT);
  readonly #any: AllowedEntry | undefined;
  readonly #noOrigin: CorsDecision;
  readonly #deniedActual: CorsDecision;
  readonly #deniedPreflight: ReadonlyMap<DenialCode, CorsDecision>;
  readonly #preflightVary: string;
  readonly #actualVary: string;
  /** The credentials rules dynamically allowed origins must pass; undefined when nothing is dynamic or credentials are off. */
  readonly #guard: EntryContext | undefined;
  /** The guard's verdict per origin (null: passes), so the Public Suffix List is consulted once per origin. */
  readonly #guarded = new BoundedCache<string, ConfigIssue | null>(DYNAMIC_CACHE_LIMIT);
  readonly #onWarning: CorsWarningHandler;
  /** Only the first refusal by the guard is reported: one per policy, not one per request. */
  #reportedRefusal = false;

  /** @internal Use {@link createCorsPolicy}. */
  constructor(
    config: ResolvedCorsConfig,
    matcher: OriginMatcher,
    methods: AllowedMethods,
    headers: AllowedHeaders,
    guard: EntryContext,
    onWarning: CorsWarningHandler,
  ) {
    this.config = Object.freeze(config);
    this.#guard = guard.credentials && (matcher.mode === "predicate" || matcher.mode === "list") ? guard : undefined;
    this.#onWarning = onWarning;
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
    this.#deniedActual = actualDecision(false, tao, this.#actualVary, "origin-not-allowed");
    this.#deniedPreflight = new Map(
      (Object.keys(DENIAL_TEXT) as DenialCode[]).map((denial) => [
        denial,
        preflightDecision({
          allowed: false,
          answer: !config.preflightContinue,
          status: config.preflightFailureStatus,
          headers: [],
          vary: this.#preflightVary,
          denial,
        }),
      ]),
    );
    this.#any = matcher.mode === "any" ? this.#buildEntry("*") : undefined;
    this.#noOrigin = matcher.mode === "disabled" ? CORS_OFF : this.#any !== undefined ? this.#any.actual : actualDecision(false, tao, this.#actualVary);
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
      actual: actualDecision(true, actual, this.#actualVary),
      preflight: preflightDecision({
        allowed: true,
        answer: !c.preflightContinue,
        status: c.optionsSuccessStatus,
        headers: preflight,
        vary: this.#preflightVary,
      }),
      preflightHeaders: preflight,
      echoed: new BoundedCache(ECHOED_CACHE_LIMIT),
    };
  }

  #entryFor(origin: string): AllowedEntry {
    if (this.#any !== undefined) return this.#any;
    const cacheable = this.#matcher.mode !== "predicate";
    const hit = cacheable ? this.#dynamic.get(origin) : undefined;
    if (hit !== undefined) return hit;
    const entry = this.#buildEntry(origin);
    return cacheable ? this.#dynamic.set(origin, entry) : entry;
  }

  #denyPreflight(code: DenialCode, origin: string, entry: AllowedEntry | undefined, detail: string): CorsDecision {
    const base = this.#deniedPreflight.get(code) as CorsDecision;
    if (!this.config.debug) return base;
    const body = `corsproof refused this CORS preflight from ${JSON.stringify(origin)}: ${DENIAL_TEXT[code]}${detail}.\n`;
    // Debug: for an allowed origin, answer with an ok status and the configured lists, so the
    // browser's own console message names the method or header that is missing.
    const refusal = { allowed: false, answer: base.endPreflight, vary: this.#preflightVary, denial: code, body };
    if (entry !== undefined) return preflightDecision({ ...refusal, status: 200, headers: entry.preflightHeaders });
    return preflightDecision({ ...refusal, status: base.status, headers: [] });
  }

  /** checkRequestedHeaders, memoised for short values (a pure function of the policy and the value). */
  #checkHeaders(acrh: string): HeadersCheck {
    if (acrh.length > HEADER_CHECK_CACHE_VALUE_LENGTH) return checkRequestedHeaders(this.#headers, acrh);
    return this.#headerChecks.get(acrh) ?? this.#headerChecks.set(acrh, checkRequestedHeaders(this.#headers, acrh));
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
    const d = preflightDecision({ allowed: true, answer: p.endPreflight, status: p.status, headers, vary: p.vary });
    return memoise ? entry.echoed.set(acrh as string, d) : d;
  }

  /** False (and the first such refusal reported) when the credentials rules refuse an origin the check allowed. */
  #passesGuard(origin: string): boolean {
    if (this.#guard === undefined) return true;
    let refusal = this.#guarded.get(origin);
    if (refusal === undefined) refusal = this.#guarded.set(origin, refuseDynamicOrigin(origin, this.#guard) ?? null);
    if (refusal === null) return true;
    if (!this.#reportedRefusal) {
      this.#reportedRefusal = true;
      try {
        this.#onWarning(refusal);
      } catch {
        // A throwing warning handler must not turn a denial into an error response.
      }
    }
    return false;
  }

  #decideAllowed(allowed: boolean, origin: string, preflight: boolean, acrm: string, acrh: string | undefined, acrpn: string | undefined): CorsDecision {
    if (allowed && !this.#passesGuard(origin)) allowed = false;
    if (!allowed) return preflight ? this.#denyPreflight("origin-not-allowed", origin, undefined, "") : this.#deniedActual;
    const entry = this.#entryFor(origin);
    return preflight ? this.#preflight(entry, origin, acrm, acrh, acrpn) : entry.actual;
  }

  /**
   * Decides one request. A pure function of the policy and the request's method, Origin,
   * Access-Control-Request-Method, Access-Control-Request-Headers and
   * Access-Control-Request-Private-Network values (`undefined` when absent; several header lines
   * joined with ", " as Node does). `context` is passed to an origin predicate (adapters pass
   * their framework's request context). Never throws; returns a Promise only when {@link async} is true.
   *
   * @example
   * ```ts
   * const d = policy.decide("OPTIONS", "https://app.example.com", "PUT", "content-type", undefined);
   * d.allowed; // true
   * d.headers; // ["Access-Control-Allow-Origin", "https://app.example.com", "Access-Control-Allow-Methods", …]
   * ```
   */
  decide(method: string, origin: string | undefined, acrm?: string, acrh?: string, acrpn?: string, context?: unknown): CorsDecision | Promise<CorsDecision> {
    // `origin: false` switches CORS off: no headers, no Vary, and no request is a preflight, so
    // every OPTIONS reaches the application.
    if (origin === undefined || this.#noOrigin === CORS_OFF) return this.#noOrigin;
    const preflight = method === "OPTIONS" && acrm !== undefined;
    // An origin in #dynamic was allowed before, and matching is a pure function of the policy.
    const known = this.#exact.get(origin) ?? this.#any ?? (this.#dynamic.size > 0 ? this.#dynamic.get(origin) : undefined);
    if (known !== undefined) return preflight ? this.#preflight(known, origin, acrm as string, acrh, acrpn) : known.actual;
    let allowed: boolean | Promise<boolean>;
    try {
      allowed = matchOrigin(this.#matcher, origin, context);
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
