/**
 * Browser differences as data. The model's algorithms read these switches instead of branching
 * on a browser name, so each difference is listed once, with its source.
 *
 * Sources: Chromium `services/network/public/cpp/cors/cors.cc`, `services/network/cors/preflight_result.cc`,
 * `preflight_cache.cc`, `net/http/http_util.cc`; Firefox `nsCORSListenerProxy.cpp`, `nsPreflightCache`;
 * the Fetch Standard. See docs in /work/shared/reference/browser-cors-rules.md §16.
 */

/** A set of behaviour switches describing one browser. */
export interface BrowserProfile {
  readonly name: string;
  /**
   * Request headers dropped on top of Fetch's forbidden list. Chromium keeps `user-agent` in
   * `kForbiddenHeaderFields` (net/http/http_util.cc, crbug.com/571722); Fetch and Firefox allow it.
   */
  readonly extraForbiddenRequestHeaders: readonly string[];
  /**
   * Chromium also safelists client-hint request headers (`dpr`, `width`, `save-data`, …) and the
   * Content-Type essence `message/ad-auction-trusted-signals-request` (cors.cc `IsCorsSafelistedHeader`).
   */
  readonly chromiumSafelistExtras: boolean;
  /**
   * Whether `*` in Access-Control-Allow-Headers covers `Authorization` for uncredentialed requests.
   * Fetch: no. Chromium: yes, feature `CorsNonWildcardRequestHeadersSupport` is off by default
   * (a deprecation issue is recorded). Firefox: yes, pref
   * `network.cors_preflight.authorization_covered_by_wildcard` (115+), with a console warning.
   */
  readonly wildcardCoversAuthorization: boolean;
  /** Access-Control-Max-Age handling, in seconds. */
  readonly maxAge: {
    /** When the header is absent. */
    readonly default: number;
    /** Longest time honoured (Chromium kMaxTimeout = 2 h, Firefox 24 h). */
    readonly cap: number;
    /** When the value is not an integer: use the default (Chromium, spec) or do not cache (Firefox). */
    readonly onInvalid: "default" | "no-store";
  };
  /**
   * Which origin keys the preflight cache: Chromium keys by the initiator (page) origin even after
   * a redirect tainted the request (preflight_controller.cc `AppendToCache`); Fetch keys by the
   * serialised request origin, so `null` entries are separate.
   */
  readonly cacheKeyOrigin: "initiator" | "request";
  /**
   * Firefox rejects a response carrying more than one Access-Control-Allow-Origin line
   * (`CORSMultipleAllowOriginNotAllowed`); Chromium and Fetch combine the lines with ", " and
   * the combined value then fails the comparison.
   */
  readonly rejectsMultipleAllowOriginLines: boolean;
  /**
   * Request headers the browser removes when a redirect leads to a URL that is not same-origin with
   * the page. Chromium's client-hints code (`FindClientHintsToRemove`) strips hint headers whose
   * permissions policy (default `self`) does not cover the new URL, including ones script set;
   * observed on Chromium 156 (they then no longer count for the preflight).
   */
  readonly redirectRemovesHeaders: readonly string[];
  /** Which console message catalogue to print (see console-messages.ts). */
  readonly messages: "chromium" | "firefox";
  /**
   * Fetch "HTTP-redirect fetch" step 13 removes `Authorization` when a redirect changes origin.
   * Firefox does (bug 1874132); so does Chromium 156 (observed by the conformance suite: the
   * redirected request carries no Authorization, so it needs no new preflight for it).
   */
  readonly removesAuthorizationOnCrossOriginRedirect: boolean;
  /**
   * The order in which the preflight check meets script's request headers, which decides the one
   * a console message names when several are disallowed. Chromium: the iteration order of Blink's
   * `HTTPHeaderMap`, a hash table (see blink-header-order.ts). Firefox: the lower-cased names
   * sorted (nsCORSListenerProxy.cpp `StartCORSPreflight` sorts them and
   * `nsCORSPreflightListener::CheckPreflightRequestApproved` reports the first missing one).
   * Fetch: sorted too ("CORS-unsafe request-header names" returns a sorted-lowercase set).
   */
  readonly requestHeaderOrder: "blink-hash-map" | "sorted";
}

/** Chromium 156 with its 2026 defaults. The model's default profile, proven by the conformance suite. */
export const chromium: BrowserProfile = Object.freeze({
  name: "chromium",
  extraForbiddenRequestHeaders: Object.freeze(["user-agent"]),
  chromiumSafelistExtras: true,
  wildcardCoversAuthorization: true,
  maxAge: Object.freeze({ default: 5, cap: 7200, onInvalid: "default" }),
  cacheKeyOrigin: "initiator",
  rejectsMultipleAllowOriginLines: false,
  redirectRemovesHeaders: Object.freeze(["device-memory", "dpr", "width", "viewport-width", "rtt", "downlink", "ect", "save-data"]),
  messages: "chromium",
  removesAuthorizationOnCrossOriginRedirect: true,
  requestHeaderOrder: "blink-hash-map",
} as const);

/** Firefox (release, 2025–2026 defaults), from source reading; not checked against a real Firefox. */
export const firefox: BrowserProfile = Object.freeze({
  name: "firefox",
  extraForbiddenRequestHeaders: Object.freeze([]),
  chromiumSafelistExtras: false,
  wildcardCoversAuthorization: true,
  maxAge: Object.freeze({ default: 5, cap: 86400, onInvalid: "no-store" }),
  cacheKeyOrigin: "request",
  rejectsMultipleAllowOriginLines: true,
  redirectRemovesHeaders: Object.freeze([]),
  messages: "firefox",
  removesAuthorizationOnCrossOriginRedirect: true,
  requestHeaderOrder: "sorted",
} as const);

/** The Fetch Standard as written. Messages use Chromium's wording because the spec has none. */
export const spec: BrowserProfile = Object.freeze({
  name: "spec",
  extraForbiddenRequestHeaders: Object.freeze([]),
  chromiumSafelistExtras: false,
  wildcardCoversAuthorization: false,
  maxAge: Object.freeze({ default: 5, cap: 7200, onInvalid: "default" }),
  cacheKeyOrigin: "request",
  rejectsMultipleAllowOriginLines: false,
  redirectRemovesHeaders: Object.freeze([]),
  messages: "chromium",
  removesAuthorizationOnCrossOriginRedirect: true,
  requestHeaderOrder: "sorted",
} as const);

/** The built-in profiles by name. */
export const profiles = Object.freeze({ chromium, firefox, spec });

/** Resolves a profile name or object; the default is Chromium. */
export function resolveProfile(profile: keyof typeof profiles | BrowserProfile | undefined): BrowserProfile {
  if (profile === undefined) return chromium;
  return typeof profile === "string" ? profiles[profile] : profile;
}
