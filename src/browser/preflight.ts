/**
 * Fetch "CORS-preflight fetch": the OPTIONS request the browser builds (Chromium
 * services/network/cors/preflight_controller.cc `CreatePreflightRequest`) and the evaluation of its
 * response in Chromium's order (`CreatePreflightResult`, `CheckPreflightResult`, preflight_result.cc):
 * redirect → CORS check → ok status → parse Allow-Methods → parse Allow-Headers → method → headers.
 */
import { webcoreCommonName } from "./webkit-header-names.js";
import { isCorsSafelistedMethod } from "../protocol/methods.js";
import { isToken } from "../protocol/token.js";
import { type CheckFailure, corsCheck, getHeader } from "./cors-check.js";
import type { CorsErrorCode } from "./console-messages.js";
import { accessControlRequestHeaders, corsUnsafeRequestHeaders } from "./needs-preflight.js";
import type { BrowserProfile } from "./profiles.js";
import { redirectTarget } from "./redirects.js";
import type { RequestHeader } from "./types.js";
import type { WireRequest, WireResponse } from "./types.js";

/** What a successful preflight allows (Chromium `PreflightResult`). */
export interface PreflightResult {
  /** Access-Control-Allow-Methods elements, case kept (compared byte-for-byte). */
  readonly methods: ReadonlySet<string>;
  /** Access-Control-Allow-Headers elements, lower-cased. */
  readonly headers: ReadonlySet<string>;
  /** True when made for a credentialed (`include`) request: `*` is then literal. */
  readonly credentials: boolean;
  /** Seconds the result may be reused, after the profile's default and cap. */
  readonly maxAge: number;
}

/** A failed preflight: Chromium's error kind and failed parameter, plus Firefox's offending token. */
export interface PreflightFailure {
  readonly code: CorsErrorCode;
  readonly hint: string;
  readonly token?: string;
  /** WebKit: the refused preflight's result, which it caches all the same (BrowserProfile.cachesRefusedPreflight). */
  readonly result?: PreflightResult;
  /** For an unparsable allow list: the header's whole value (WebKit prints it). */
  readonly value?: string;
  /** For a header failure: every CORS-unsafe name the response does not allow, sorted. */
  readonly missingHeaders?: readonly string[];
  /**
   * For a refused redirect (Gecko): the CORS check that then failed on the redirect response (see
   * BrowserProfile.refusedPreflightRedirectRechecked).
   */
  readonly recheck?: { readonly code: CorsErrorCode; readonly hint: string };
}

/** The request the model is about to send, as far as the preflight is concerned. */
export interface PreflightSubject {
  readonly url: string;
  readonly method: string;
  readonly headers: readonly RequestHeader[];
  /** Serialised request origin: the page origin, or `null` once tainted (preflight_controller.cc). */
  readonly origin: string;
  readonly include: boolean;
  readonly useCorsPreflight: boolean;
}

/**
 * Builds the preflight exactly as Chromium sends its CORS-relevant part: `OPTIONS`, `Accept: *\/*`,
 * `Access-Control-Request-Method` (the normalised method, case kept), `Access-Control-Request-Headers`
 * (sorted lower-case unsafe names joined with "," — no space) only when non-empty, `Origin`.
 * Never credentials, never a body.
 */
export function buildPreflightRequest(subject: PreflightSubject, profile: BrowserProfile): WireRequest {
  const headers: [string, string][] = [
    ["Accept", "*/*"],
    ["Access-Control-Request-Method", subject.method],
  ];
  const names = accessControlRequestHeaders(corsUnsafeRequestHeaders(subject.headers, profile), profile);
  if (names !== "") headers.push(["Access-Control-Request-Headers", names]);
  headers.push(["Origin", subject.origin]);
  return { method: "OPTIONS", url: subject.url, headers };
}

/**
 * Parses an Access-Control-Allow-Methods/-Headers value (all lines combined) like Chromium's
 * `ParseAccessControlAllowList`: comma-separated, spaces/tabs trimmed, empty elements skipped,
 * every element an HTTP token. Returns the elements or the first bad one.
 */
export function parseAllowList(value: string | undefined): { ok: true; items: string[] } | { ok: false; token: string } {
  const items: string[] = [];
  if (value === undefined) return { ok: true, items };
  for (const raw of value.split(",")) {
    const item = raw.replace(/^[ \t]+|[ \t]+$/g, "");
    if (item === "") continue;
    if (!isToken(item)) return { ok: false, token: item };
    items.push(item);
  }
  return { ok: true, items };
}

/**
 * Access-Control-Max-Age in seconds, capped (BrowserProfile.maxAge). `int64` (Chromium
 * `ParseAccessControlMaxAge`): absent or not an int64 → default; negative → 0. `delta-seconds`
 * (Gecko `AddResultToCache`): absent or empty → default; digits only, else 0 (nothing stored).
 */
export function parseMaxAge(value: string | undefined, profile: BrowserProfile): number {
  const { default: fallback, cap, syntax } = profile.maxAge;
  if (value === undefined || (syntax === "delta-seconds" && value === "")) return fallback;
  if (syntax === "delta-seconds") return /^\d+$/.test(value) ? Math.min(Number(value), cap) : 0;
  if (!/^[+-]?\d+$/.test(value) || BigInt(value) > 0x7fffffffffffffffn || BigInt(value) < -0x8000000000000000n) return fallback;
  const seconds = Number(value);
  if (seconds < 0) return 0;
  return Math.min(seconds, cap);
}

/**
 * Method check (preflight_result.cc `EnsureAllowedCrossOriginMethod`, spec-conformant mode):
 * safelisted methods always pass; otherwise exact byte match, or `*` when not credentialed.
 */
export function checkMethod(result: PreflightResult, method: string): PreflightFailure | null {
  if (isCorsSafelistedMethod(method) || result.methods.has(method)) return null;
  if (!result.credentials && result.methods.has("*")) return null;
  return { code: "MethodDisallowedByPreflightResponse", hint: method };
}

/**
 * Header check (`EnsureAllowedCrossOriginHeaders`): `*` (uncredentialed) allows every name —
 * except `authorization` when `strictAuthorization` (Fetch; Chromium's cache lookups) — otherwise
 * every CORS-unsafe name must be listed (case-insensitively).
 *
 * `headers` must be in the order the browser's network layer holds them (`networkHeaderOrder` in request.ts;
 * simulateFetch does this): the failure names the first missing CORS-unsafe name in that order —
 * unsafe names first, then, past the 1024-byte total, the safelisted ones (cors.cc
 * `CorsUnsafeNotForbiddenRequestHeaderNames`). `missingHeaders` lists every missing name, sorted.
 */
export function checkHeaders(
  result: PreflightResult,
  headers: readonly RequestHeader[],
  strictAuthorization: boolean,
  profile: BrowserProfile,
): PreflightFailure | null {
  if (!result.credentials && result.headers.has("*")) {
    if (strictAuthorization && headers.some((h) => h.name.toLowerCase() === "authorization") && !result.headers.has("authorization")) {
      return { code: "HeaderDisallowedByPreflightResponse", hint: "authorization" };
    }
    return null;
  }
  const missing = corsUnsafeRequestHeaders(headers, profile)
    .map((u) => u.name)
    .filter((name) => !result.headers.has(name));
  if (missing.length === 0) return null;
  // WebKit's message names the header as its header map spells it (webkit-header-names.ts).
  const first = profile.messages === "webkit" ? webkitSpelling(headers, missing[0]!) : missing[0]!;
  return { code: "HeaderDisallowedByPreflightResponse", hint: first, missingHeaders: [...new Set(missing)].sort() };
}

/** WebCore's spelling of a name it knows, else the first spelling script gave. */
function webkitSpelling(headers: readonly RequestHeader[], lower: string): string {
  return webcoreCommonName(lower) ?? headers.find((h) => h.name.toLowerCase() === lower)?.name ?? lower;
}

/** The outcome of a preflight exchange. */
export type PreflightOutcome =
  | { readonly ok: true; readonly result: PreflightResult; readonly authorizationCoveredByWildcard: boolean }
  | { readonly ok: false; readonly failure: PreflightFailure };

/**
 * Gecko's second CORS check of a refused preflight redirect (BrowserProfile.refusedPreflightRedirectRechecked;
 * g47, g703): from another origin than the page's, against `null` when the redirect changes origin
 * (else it is the check that already passed); from the page's own origin, against the page origin
 * when the redirect leaves it.
 */
function refusedRedirectRecheck(response: WireResponse, subject: PreflightSubject, ownOrigin: boolean, profile: BrowserProfile): CheckFailure | null {
  const from = new URL(subject.url);
  const to = redirectTarget(response, from);
  if (!(to instanceof URL)) return null;
  if (ownOrigin) return to.origin === subject.origin ? null : corsCheck(response, subject.origin, subject.include, profile);
  return to.origin === from.origin ? null : corsCheck(response, "null", subject.include, profile);
}

/** Evaluates a preflight response for `subject`, in Chromium's order. */
export function evaluatePreflight(response: WireResponse, isRedirect: boolean, subject: PreflightSubject, profile: BrowserProfile): PreflightOutcome {
  // Gecko checks a preflight against the load's principal: at a URL of the page's own origin (after
  // a redirect) it has nothing to approve (see BrowserProfile.preflightOriginIgnoresTaint; g913).
  const ownOrigin = profile.preflightOriginIgnoresTaint && new URL(subject.url).origin === subject.origin;
  const ok = response.status >= 200 && response.status <= 299;
  if (profile.preflightStatusFirst === true && !ok) return { ok: false, failure: { code: "PreflightInvalidStatus", hint: "" } };
  const cors = ownOrigin ? null : corsCheck(response, subject.origin, subject.include, profile);
  // Gecko runs the CORS check on a redirected preflight's response before refusing the redirect
  // (nsCORSListenerProxy's redirect check; generated scenarios g131, g206, g311).
  if (isRedirect && (cors === null || !profile.preflightChecksMethodFirst)) {
    const recheck = cors === null && profile.refusedPreflightRedirectRechecked ? refusedRedirectRecheck(response, subject, ownOrigin, profile) : null;
    return {
      ok: false,
      failure: {
        code: "PreflightDisallowedRedirect",
        hint: "",
        ...(recheck === null ? {} : { recheck: { code: `Preflight${recheck.code}` as const, hint: recheck.hint } }),
      },
    };
  }
  if (cors !== null) return { ok: false, failure: { code: `Preflight${cors.code}` as const, hint: cors.hint } };
  if (!ok) return { ok: false, failure: { code: "PreflightInvalidStatus", hint: "" } };
  const methodsValue = getHeader(response, "access-control-allow-methods");
  const methods = parseAllowList(methodsValue);
  if (!methods.ok) return { ok: false, failure: { code: "InvalidAllowMethodsPreflightResponse", hint: "", token: methods.token, value: methodsValue ?? "" } };
  // Gecko checks the method before it parses Access-Control-Allow-Headers (see BrowserProfile.preflightChecksMethodFirst).
  if (profile.preflightChecksMethodFirst) {
    const early = checkMethod({ methods: new Set(methods.items), headers: new Set(), credentials: subject.include, maxAge: 0 }, subject.method);
    if (early !== null && !(subject.useCorsPreflight && methods.items.length === 0)) return { ok: false, failure: early };
  }
  const headersValue = getHeader(response, "access-control-allow-headers");
  const headers = parseAllowList(headersValue);
  if (!headers.ok) return { ok: false, failure: { code: "InvalidAllowHeadersPreflightResponse", hint: "", token: headers.token, value: headersValue ?? "" } };
  // Fetch "CORS-preflight fetch" step 7.4: with the use-CORS-preflight flag and no methods, allow the request's method.
  if (subject.useCorsPreflight && methods.items.length === 0) methods.items.push(subject.method);
  const result: PreflightResult = {
    methods: new Set(methods.items),
    headers: new Set(headers.items.map((h) => h.toLowerCase())),
    credentials: subject.include,
    maxAge: parseMaxAge(getHeader(response, "access-control-max-age"), profile),
  };
  const failure = checkMethod(result, subject.method) ?? checkHeaders(result, subject.headers, !profile.wildcardCoversAuthorization, profile);
  // WebKit stores the result before it checks the method and headers (CrossOriginAccessControl.cpp
  // `validatePreflightResponse` calls appendEntry first), so a refused preflight still fills the cache.
  if (failure !== null) return { ok: false, failure: profile.cachesRefusedPreflight === true ? { ...failure, result } : failure };
  const authorizationCoveredByWildcard =
    !result.credentials &&
    result.headers.has("*") &&
    !result.headers.has("authorization") &&
    subject.headers.some((h) => h.name.toLowerCase() === "authorization");
  return { ok: true, result, authorizationCoveredByWildcard };
}
