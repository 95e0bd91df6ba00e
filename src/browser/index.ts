/**
 * corsproof/browser — a model of what a browser does with a cross-origin `fetch()`: request
 * construction, preflight decision and request, CORS checks, redirects, the preflight cache,
 * response filtering and Chromium's console messages; proven against headless Chromium.
 * Imports only `src/spec`, never the policy engine: it is the independent judge of what servers send.
 *
 * @example
 * import { simulateFetch, httpTransport } from "corsproof/browser";
 * const r = await simulateFetch({ url: "http://localhost:3000/api", origin: "http://localhost:5173", method: "DELETE" },
 *   { transport: httpTransport() });
 * console.log(r.allowed, r.message);
 */
export type { CorsErrorCode, MessageContext } from "./console-messages.js";
export { consoleMessage, encodeHint, FAILURE_KINDS } from "./console-messages.js";
export { corsCheck, getHeader } from "./cors-check.js";
export {
  additionSentences,
  type Diagnosis,
  type DiagnosisCause,
  type DiagnoseInput,
  diagnose,
  mergePolicy,
  type ObservedPolicy,
  observePolicy,
  type PolicyAdditions,
  UNKNOWN_ORIGIN,
  unreadableHeaders,
} from "./diagnose.js";
export { type CorsApp, type CorsExpectation, CorsExpectationError, expectCors, transportFor } from "./expect-cors.js";
export { type ExplainedReason, type Explanation, explainRequest } from "./explain.js";
export { parseExposeHeaders, readableHeaderNames } from "./exposed-headers.js";
export { AUTHORIZATION_WILDCARD_WARNING, type SimulateOptions, simulateFetch } from "./fetch.js";
export {
  accessControlRequestHeaders,
  contentTypeEssence,
  corsUnsafeRequestHeaders,
  isCorsSafelistedRequestHeader,
  isCorsUnsafeRequestHeaderByte,
  isSimpleRangeValue,
  type PreflightReason,
  preflightReasons,
  type UnsafeHeader,
} from "./needs-preflight.js";
export { buildPreflightRequest, evaluatePreflight, type PreflightOutcome, type PreflightResult, parseAllowList, parseMaxAge } from "./preflight.js";
export { createPreflightCache, type PreflightCache } from "./preflight-cache.js";
export {
  type BrowserProfile,
  CHROMIUM_RELEASES,
  chromium,
  chromium150,
  chromiumProfile,
  type ChromiumWire,
  FIREFOX_RELEASES,
  firefox,
  firefoxProfile,
  type GeckoWire,
  type ProfileName,
  profiles,
  resolveProfile,
  spec,
  type WireProfile,
} from "./profiles.js";
export { REFERRER_POLICIES, type ReferrerPolicy, referrerFor } from "./referrer-policy.js";
export { cacheRewrittenRange, type HeaderBlockInput, requestHeaderBlock } from "./request-bytes.js";
export { loadSuffixListFor, type SecFetchSite, secFetchSite, siteOf } from "./site.js";
export { isPotentiallyTrustworthy } from "./trustworthy.js";
export { MAX_REDIRECTS, redirectMethod, taints } from "./redirects.js";
export { type ConstructedRequest, constructRequest, isForbiddenRequestHeader, RequestConstructionError, type RequestHeader } from "./request.js";
export { type FetchHandler, fetchHandlerTransport } from "./transports/fetch-handler.js";
export { type HttpTransportOptions, httpTransport, NetworkError, parseResolve, proxyFromEnv } from "./transports/http.js";
export { type NodeListener, nodeListenerTransport } from "./transports/node-listener.js";
export type {
  BodyDescriptor,
  BrowserError,
  BrowserRequest,
  BrowserResult,
  CredentialsMode,
  Exchange,
  ReadableResponse,
  RedirectMode,
  RequestBody,
  RequestMode,
  Transport,
  WireRequest,
  WireResponse,
} from "./types.js";
