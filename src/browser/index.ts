/**
 * corsproof/browser — a model of what a browser does with a cross-origin `fetch()`: request
 * construction, preflight decision and request, CORS checks, redirects, the preflight cache,
 * response filtering and Chromium's console messages; proven against headless Chromium.
 * Imports only `src/protocol`, never the policy engine: it is the independent judge of what servers send.
 *
 * @example
 * import { simulateFetch, httpTransport } from "corsproof/browser";
 * const r = await simulateFetch({ url: "http://localhost:3000/api", origin: "http://localhost:5173", method: "DELETE" },
 *   { transport: httpTransport() });
 * console.log(r.allowed, r.message);
 */
// The public surface: what users call (simulateFetch, expectCors, explainRequest, the transports,
// the preflight cache and profiles they pass in) and the types of what goes in and comes out. The
// algorithms behind them stay internal, so they can follow Chromium without breaking users.
export type { CorsErrorCode } from "./console-messages.js";
export { type CorsApp, type CorsExpectation, CorsExpectationError, expectCors } from "./expect-cors.js";
export { type ExplainedReason, type Explanation, explainRequest } from "./explain.js";
export type { AddressSpace } from "./address-space.js";
export { type Cookie, type CookieJar, createCookieJar, type SameSite } from "./cookie.js";
export { parseNetscapeCookieFile } from "./cookie-jar-file.js";
export type { LocalNetworkAccessPermission } from "./local-network-access.js";
export { type CookieBlockedReason, cookiesForRequest, type ThirdPartyCookies, type WithheldCookie } from "./request-cookies.js";
export { parseCookieOption, type SetCookieBlockedReason, type SetCookieOutcome, storeSetCookie } from "./set-cookie.js";
export { loadSuffixListFor } from "./site.js";
export { AUTHORIZATION_WILDCARD_WARNING, type SimulateOptions, simulateFetch } from "./fetch.js";
export type { PreflightReason } from "./needs-preflight.js";
export { createPreflightCache, type PreflightCache } from "./preflight-cache.js";
export { type BrowserProfile, chromium, firefox, type ProfileName, profiles, resolveProfile, spec, webkit } from "./profiles.js";
export type { ReferrerPolicy } from "./referrer-policy.js";
export { type FetchHandler, fetchHandlerTransport } from "./transports/fetch-handler.js";
export { type HttpTransportOptions, httpTransport } from "./transports/http.js";
export { type NodeListener, nodeListenerTransport } from "./transports/node-listener.js";
export type {
  BodyDescriptor,
  BrowserError,
  BrowserRequest,
  BrowserResult,
  CredentialsMode,
  Exchange,
  ExchangeCookies,
  ReadableResponse,
  RedirectMode,
  RequestBody,
  RequestHeader,
  RequestMode,
  Transport,
  WireRequest,
  WireResponse,
} from "./types.js";
