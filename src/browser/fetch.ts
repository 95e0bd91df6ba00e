/**
 * Fetch "fetch" → "main fetch" → "HTTP fetch" → "HTTP-redirect fetch" for one `fetch()` call, as
 * Chromium's network service runs it (services/network/cors/cors_url_loader.cc `StartRequest`,
 * `OnReceiveRedirect`, `FollowRedirect`, `OnReceiveResponse`), over a pluggable {@link Transport}.
 */
import type { AddressSpace } from "./address-space.js";
import { consoleMessage, type CorsErrorCode, FAILURE_KINDS, type MessageContext } from "./console-messages.js";
import { type Cookie, type CookieJar, createCookieJar } from "./cookie.js";
import { corsCheck } from "./cors-check.js";
import { readableHeaderNames } from "./exposed-headers.js";
import {
  checkLocalNetworkAccess,
  isGatedLocalNetworkRequest,
  type LocalNetworkAccessPermission,
  localNetworkAccessWarning,
  localNetworkClient,
} from "./local-network-access.js";
import { isMixedContent } from "./mixed-content.js";
import { corsUnsafeRequestHeaders, preflightReasons } from "./needs-preflight.js";
import { buildPreflightRequest, evaluatePreflight, type PreflightSubject } from "./preflight.js";
import type { PreflightCache } from "./preflight-cache.js";
import { type BrowserProfile, type profiles, resolveProfile } from "./profiles.js";
import {
  followRedirect,
  MAX_REDIRECTS,
  originOf,
  REQUEST_BODY_HEADER_NAMES,
  redirectHasForbiddenCredentials,
  redirectTarget,
  webkitRedirectMethod,
} from "./redirects.js";
import { referrerFor } from "./referrer-policy.js";
import {
  type ConstructedRequest,
  constructRequest,
  networkHeaderMapNames,
  networkHeaderOrder,
  type RequestHeader,
  RequestConstructionError,
} from "./request.js";
import { requestHeaderBlock, validatesCache } from "./request-bytes.js";
import { cookiesForRequest, includesCredentials, type ThirdPartyCookies } from "./request-cookies.js";
import { parseCookieOption, type SetCookieOutcome, storeSetCookie } from "./set-cookie.js";
import { loadSuffixListFor, secFetchSite, siteOf } from "./site.js";
import type { BrowserRequest, BrowserResult, Exchange, ExchangeCookies, ReadableResponse, RequestBody, Transport, WireRequest, WireResponse } from "./types.js";

/** Options of {@link simulateFetch}. */
export interface SimulateOptions {
  /** Where requests go: {@link httpTransport}, {@link nodeListenerTransport}, {@link fetchHandlerTransport} or your own. */
  readonly transport: Transport;
  /** Browser behaviour; default `chromium`. */
  readonly profile?: keyof typeof profiles | BrowserProfile;
  /** Share one cache between calls to model a page making several requests. */
  readonly cache?: PreflightCache;
  /** Clock in milliseconds for the preflight cache and cookie expiry; default `Date.now`. */
  readonly now?: () => number;
  /**
   * Cookies the browser holds: a jar (shared between calls, it also receives the `Set-Cookie`s
   * Chromium would store) or Set-Cookie-style strings for the request URL's host
   * (`"sid=abc; SameSite=None; Secure"`, Path defaults to `/`). Default: no cookies.
   */
  readonly cookies?: CookieJar | readonly string[];
  /** Chromium's third-party-cookie setting; default `blocked`, as headless Chromium 156 with a fresh profile. */
  readonly thirdPartyCookies?: ThirdPartyCookies;
  /**
   * The user's answer to Chromium's Local Network Access prompt, asked when a public secure page
   * reaches a local or loopback address. Headless Chromium cannot prompt and denies at once
   * (`denied`). Default `granted`, the answer of a user who wants the page to work, with
   * {@link localNetworkAccessWarning} in the result's `notes` so the assumption is never silent.
   */
  readonly localNetworkAccess?: LocalNetworkAccessPermission;
  /**
   * The address space of the page's server. Default: from the page origin's host when it is an IP
   * literal or `localhost`, else `public`.
   */
  readonly pageAddressSpace?: AddressSpace;
  /**
   * The address space each request connects to (the resolved IP's). Default: the transport's
   * {@link Transport.addressSpace} ({@link httpTransport} resolves the host); without either, as
   * for in-process transports, Local Network Access does not apply.
   */
  readonly addressSpaceOf?: (url: URL) => AddressSpace | Promise<AddressSpace>;
}

function cookieJar(cookies: SimulateOptions["cookies"], url: string): CookieJar {
  if (cookies === undefined) return createCookieJar();
  if (!Array.isArray(cookies)) return cookies as CookieJar;
  return createCookieJar((cookies as readonly string[]).map((c): Cookie => parseCookieOption(c, url)));
}

/** Chromium's deprecation issue text when `*` lets Authorization through (CorsNonWildcardRequestHeadersSupport off). */
export const AUTHORIZATION_WILDCARD_WARNING = "Authorization will not be covered by the wildcard symbol (*) in CORS `Access-Control-Allow-Headers` handling.";

const encoder = new TextEncoder();

/** Fetch "extract a body" bytes, and the multipart boundary the platform chose for FormData. */
async function bodyBytes(body: RequestBody | null): Promise<{ bytes: Uint8Array | undefined; contentType: string | null }> {
  if (body === null) return { bytes: undefined, contentType: null };
  if (typeof body === "string") return { bytes: encoder.encode(body), contentType: null };
  if (body instanceof URLSearchParams) return { bytes: encoder.encode(body.toString()), contentType: null };
  if (body instanceof FormData || body instanceof Blob) {
    const response = new Response(body);
    return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: body instanceof FormData ? response.headers.get("content-type") : null };
  }
  return { bytes: new Uint8Array(0), contentType: null };
}

/** Mutable state of one fetch across redirect hops. */
interface State {
  url: URL;
  /** Every URL of the request so far (Fetch "URL list"), for Sec-Fetch-Site. */
  chain: URL[];
  /**
   * What the next hop's Referer is computed from: the page URL at first, then the Referer the
   * previous hop sent. //net recomputes it on each redirect from its current value
   * (URLRequest::Redirect), so once stripped to an origin it never grows back, even when the
   * redirect returns to the page's origin (observed on 156).
   */
  referrerSource: URL | null;
  /** Lower-case names of the request's header map in network order, fixed for the first URL (request-bytes.ts). */
  mapOrder: readonly string[];
  method: string;
  headers: RequestHeader[];
  /** The fetch's own header list in network order and method, which Gecko applies again on every redirect (BrowserProfile.redirectHeadersFrom). */
  readonly requestHeaders: readonly RequestHeader[];
  readonly requestMethod: string;
  body: Uint8Array | undefined;
  corsFlag: boolean;
  /** True once a hop needed a preflight (see BrowserProfile.preflightStaysRequired). */
  preflighted: boolean;
  tainted: boolean;
  redirects: number;
  /** Fetch "response tainting" is no longer `basic`: a hop left the page's origin. */
  crossedOrigin: boolean;
  /** WebKit: this hop restarted as a CORS request (BrowserProfile.corsRedirectRestart). */
  restarted?: boolean;
  /** WebKit: a redirect changed host or port; actual requests carry no Authorization since. */
  authorizationCleared?: boolean;
  /** WebKit: the last hop sent Origin and the redirect stayed within its origin (see actualRequest). */
  originKept?: boolean;
  /** WebKit: the request goes without its request-body headers (redirects.ts `followWebKitRedirect`). */
  bodyHeadersCleared?: boolean;
  /** WebKit: the Content-Type the network process's load started with (redirects.ts `followWebKitRedirect`). */
  loadContentType?: RequestHeader | null;
  /** WebKit: a 307/308 set Content-Type again, after the loader's own lines. */
  contentTypeLate?: boolean;
}

/**
 * Simulates `fetch(request.url, init)` from a page at `request.origin`, exactly as Chromium would
 * (or another profile): request construction, preflight (and cache), CORS checks on every hop,
 * redirects, response filtering, and the console message of the first failure.
 *
 * Never throws for CORS or network failures: they are in the result. Requests fetch() would reject
 * before any network use come back with `error.code === "InvalidRequest"` and `error.exception`.
 *
 * @example
 * const result = await simulateFetch(
 *   { url: "https://api.example.com/items", origin: "https://app.example.com", method: "PUT",
 *     headers: { "Content-Type": "application/json", Authorization: "Bearer x" } },
 *   { transport: httpTransport() },
 * );
 * if (!result.allowed) console.log(result.message, result.error?.fix);
 */
export async function simulateFetch(request: BrowserRequest, options: SimulateOptions): Promise<BrowserResult> {
  const profile = resolveProfile(options.profile);
  const now = options.now ?? Date.now;
  const trace: Exchange[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  /** The `notes` field, present only when the result assumed something about the user. */
  const noted = () => (notes.length === 0 ? {} : { notes });
  let preflight: BrowserResult["preflight"] = null;
  let preflightFromCache = false;

  let req: ConstructedRequest;
  try {
    req = constructRequest(request, profile);
  } catch (e) {
    if (!(e instanceof RequestConstructionError)) throw e;
    return {
      allowed: false,
      preflight,
      preflightFromCache,
      trace,
      message: null,
      error: {
        code: "InvalidRequest",
        hint: "",
        preflight: false,
        fix: FAILURE_KINDS.InvalidRequest.fix(emptyContext()),
        exception: `TypeError: ${e.message}`,
      },
      exposedHeaders: [],
      response: null,
      warnings,
    };
  }

  const include = req.credentials === "include";
  const initialUrl = req.url.href;
  const { bytes, contentType: formDataType } = await bodyBytes(req.body);
  const headers = networkHeaderOrder(
    req.headers.map((h) =>
      formDataType !== null && h.name === "Content-Type" && h.value.startsWith("multipart/form-data; boundary=----WebKitFormBoundary")
        ? { name: h.name, value: formDataType }
        : h,
    ),
    req.url,
    profile,
  );
  const state: State = {
    url: req.url,
    chain: [req.url],
    referrerSource: req.origin === "null" ? null : new URL(req.referrer),
    mapOrder: networkHeaderMapNames(req.headers, req.url, profile),
    method: req.method,
    headers,
    requestHeaders: headers,
    requestMethod: req.method,
    body: bytes,
    corsFlag: false,
    preflighted: false,
    tainted: false,
    redirects: 0,
    crossedOrigin: false,
  };
  if (Array.isArray(options.cookies) && options.cookies.length > 0) await loadSuffixListFor([req.url]);
  const jar = cookieJar(options.cookies, req.url.href);
  const addressSpaceOf = options.addressSpaceOf ?? options.transport.addressSpace?.bind(options.transport);
  const lnaClient = addressSpaceOf === undefined ? null : localNetworkClient(req.origin, options);

  const failure = (
    code: CorsErrorCode,
    hint: string,
    inPreflight: boolean,
    status: number | null,
    token = "",
    missingHeaders?: readonly string[],
    atRedirect = false,
    addressSpace?: AddressSpace,
    redirectRecheck?: MessageContext["redirectRecheck"],
    headerValue?: string,
    at?: { readonly lastUrl: string; readonly redirectTarget: string },
  ): BrowserResult => {
    const last = trace.at(-1);
    const preflightRedirected = inPreflight && last?.kind === "preflight" && last.response !== null && redirectTarget(last.response, state.url) !== null;
    // A redirect the page said not to follow ("error", "manual") is the response (r23, g744, g867).
    const follows = req.redirect === "follow";
    const cancelled: MessageContext["cancelled"] = inPreflight
      ? preflightRedirected && follows
        ? "preflight-redirect"
        : "preflight"
      : atRedirect && follows
        ? "redirect"
        : undefined;
    const context = {
      hint: code === "UnsupportedScheme" ? state.url.protocol.slice(0, -1) : hint,
      initialUrl,
      lastUrl: at?.lastUrl ?? state.url.href,
      pageOrigin: req.origin,
      pageUrl: req.referrer,
      requestOrigin: state.tainted ? "null" : req.origin,
      status,
      token,
      method: state.method,
      credentials: include,
      ...(missingHeaders === undefined ? {} : { missingHeaders }),
      ...(cancelled === undefined ? {} : { cancelled }),
      ...(addressSpace === undefined ? {} : { addressSpace }),
      ...(redirectRecheck === undefined ? {} : { redirectRecheck }),
      ...(headerValue === undefined ? {} : { headerValue }),
      ...(at === undefined ? redirectTargetOf(last, state.url) : { redirectTarget: at.redirectTarget }),
    };
    return {
      allowed: false,
      preflight,
      preflightFromCache,
      trace,
      message: consoleMessage(code, context, profile),
      error: { code, hint, preflight: inPreflight, fix: FAILURE_KINDS[code].fix(context), ...(missingHeaders === undefined ? {} : { missingHeaders }) },
      exposedHeaders: [],
      response: null,
      warnings,
      ...noted(),
    };
  };

  // Renderer-side checks of fetch_manager.cc, before the request reaches the network service.
  if (state.url.protocol !== "http:" && state.url.protocol !== "https:") return failure("UnsupportedScheme", "", false, null);
  const crossOrigin = originOf(state.url) !== req.origin;
  if (req.mode === "same-origin" && crossOrigin) return failure("DisallowedByMode", "", false, null);
  if (req.mode === "no-cors" && req.redirect !== "follow" && crossOrigin) return failure("NoCorsRedirectModeNotFollow", "", false, null);

  /** Local Network Access at connection time of each request, before any byte is sent (local-network-access.ts). */
  const localNetworkFailure = async (wire: WireRequest, inPreflight: boolean): Promise<BrowserResult | null> => {
    // Only a page some space could be gated from pays for finding out where the request connects.
    if (lnaClient === null || addressSpaceOf === undefined || !isGatedLocalNetworkRequest(lnaClient.space, "loopback")) return null;
    let target: AddressSpace;
    try {
      target = await addressSpaceOf(state.url);
    } catch (error) {
      // No connection: a network error, recorded like any request that got no response.
      trace.push({ kind: inPreflight ? "preflight" : "actual", request: wire, response: null });
      if (inPreflight) preflight ??= { request: wire, response: null };
      return failure("NetworkFailure", error instanceof Error ? error.message : String(error), inPreflight, null);
    }
    const denied = checkLocalNetworkAccess(lnaClient, target);
    const note = localNetworkAccessWarning(target);
    if (denied === null && isGatedLocalNetworkRequest(lnaClient.space, target) && !notes.includes(note)) notes.push(note);
    return denied === null ? null : failure(denied.code, "", inPreflight, null, "", undefined, false, denied.space);
  };

  /** WebKit: a redirect refused for its credentials once the new URL's preflight passes (see the redirect step). */
  let refusedAfterPreflight: { lastUrl: string; redirectTarget: string; status: number } | null = null;

  for (;;) {
    // Blink's MixedContentChecker runs in the renderer before the request starts and again on
    // every redirect, after the network service accepted the redirect (mixed-content.ts).
    if (isMixedContent(req.origin, state.url)) return failure("MixedContent", "", false, null);
    await loadSuffixListFor(req.origin === "null" ? [state.url] : [new URL(req.origin), state.url]);
    // SetCorsFlagIfNeeded: once set, the CORS flag stays set for later hops.
    const corsFlagBefore = state.corsFlag;
    if (!state.corsFlag && req.mode !== "no-cors" && originOf(state.url) !== req.origin) state.corsFlag = true;
    if (originOf(state.url) !== req.origin) state.crossedOrigin = true;
    const requestOrigin = state.tainted ? "null" : req.origin;
    if (state.corsFlag && req.mode === "same-origin") return failure("SameOriginModeRedirect", "", false, null);

    const needsPreflight =
      state.corsFlag &&
      ((profile.preflightStaysRequired && state.preflighted) ||
        preflightReasons(state.method, state.headers, req.useCorsPreflight, profile).length > 0 ||
        // Gecko decides on the fetch's own unsafe headers, even ones this hop no longer sends (redirectHeadersFrom).
        (profile.redirectHeadersFrom === "request" && corsUnsafeRequestHeaders(state.requestHeaders, profile).length > 0));
    if (needsPreflight) state.preflighted = true;
    // CorsURLLoader::FollowRedirect follows in place only when the CORS flag did not change and no
    // preflight is needed; otherwise it restarts the request for the new URL, whose URL list (and so
    // Sec-Fetch-Site) then starts afresh (observed on 156: seed 20260521, g1359).
    if (profile.redirectRestartsUrlList && state.redirects > 0 && (corsFlagBefore !== state.corsFlag || needsPreflight)) state.chain = [state.url];

    const cacheOrigin = profile.cacheKeyOrigin === "initiator" ? req.origin : requestOrigin;
    // Gecko removes a URL's preflight-cache entries when a request there fails CORS, the preflight
    // included (nsCORSListenerProxy.cpp `OnStartRequest`/`AsyncOnChannelRedirect` → `RemoveEntries`; c7).
    const forgetCached = () => {
      if (profile.preflightCache === "gecko" && state.corsFlag) options.cache?.forget(cacheOrigin, state.url.href);
    };
    if (needsPreflight) {
      if (options.cache?.canSkipPreflight(cacheOrigin, state.url.href, include, state.method, state.headers, profile, now())) {
        preflightFromCache = true;
      } else {
        const subject: PreflightSubject = {
          url: state.url.href,
          method: state.method,
          headers: state.headers,
          origin: profile.preflightOriginIgnoresTaint ? req.origin : requestOrigin,
          include,
          useCorsPreflight: req.useCorsPreflight,
        };
        const cors = buildPreflightRequest(subject, profile);
        const wire: WireRequest = {
          ...cors,
          headers: requestHeaderBlock(
            {
              ...hopContext(req, state, profile),
              kind: "preflight",
              method: "OPTIONS",
              headers: cors.headers.map(([name, value]) => ({ name, value })),
              origin: null,
              // WebKit judges the preflight's site from its own Origin: a tainted one is no site (g882, g913).
              secFetchSite: profile.corsRedirectRestart === true && requestOrigin === "null" ? "cross-site" : secFetchSite(req.origin, [state.url]),
              ...userAgentOf(state.headers),
              ...preflightReferrer(req, state, profile),
              bodyLength: undefined,
              cookie: null,
            },
            profile,
          ),
        };
        const blocked = await localNetworkFailure(wire, true);
        if (blocked !== null) return blocked;
        const { response, cause } = await send(options.transport, wire);
        trace.push({ kind: "preflight", request: wire, response });
        preflight ??= { request: wire, response };
        if (response === null) {
          forgetCached();
          return failure("NetworkFailure", cause, true, null);
        }
        const outcome = evaluatePreflight(response, redirectTarget(response, state.url) !== null, subject, profile);
        if (!outcome.ok) {
          forgetCached();
          const f = outcome.failure;
          if (f.result !== undefined) options.cache?.store(cacheOrigin, state.url.href, f.result, now(), profile);
          return failure(f.code, f.hint, true, response.status, f.token, f.missingHeaders, false, undefined, f.recheck, f.value);
        }
        if (outcome.authorizationCoveredByWildcard) warnings.push(AUTHORIZATION_WILDCARD_WARNING);
        options.cache?.store(cacheOrigin, state.url.href, outcome.result, now(), profile);
      }
    }
    if (refusedAfterPreflight !== null) {
      const r = refusedAfterPreflight;
      return failure("RedirectContainsCredentials", "", false, r.status, "", undefined, false, undefined, undefined, undefined, r);
    }

    // Fetch "HTTP-network-or-cache fetch" step 8.2: includeCredentials.
    const includeCredentials = includesCredentials(req.credentials, state.crossedOrigin);
    const cookieContext = {
      url: state.url,
      pageOrigin: req.origin,
      includeCredentials,
      now: now(),
      ...(options.thirdPartyCookies === undefined ? {} : { thirdPartyCookies: options.thirdPartyCookies }),
    };
    const attached = cookiesForRequest(jar, cookieContext);
    const wire = actualRequest(req, state, requestOrigin, attached.header, profile);
    const blocked = await localNetworkFailure(wire, false);
    if (blocked !== null) return blocked;
    const { response, cause } = await send(options.transport, wire);
    const target = response === null ? null : redirectTarget(response, state.url);
    // Cookies are stored when the response arrives, before any CORS check (the network stack does it).
    const setCookies = (response?.headers ?? []).filter(([n]) => n.toLowerCase() === "set-cookie");
    const set: SetCookieOutcome[] = setCookies.map(([, v]) => storeSetCookie(jar, v, cookieContext));
    const cookies: ExchangeCookies | null =
      attached.sent.length + attached.withheld.length + set.length === 0 ? null : { sent: attached.sent, withheld: attached.withheld, set };
    trace.push({ kind: target === null ? "actual" : "redirect", request: wire, response, ...(cookies === null ? {} : { cookies }) });
    if (response === null) {
      forgetCached();
      return failure("NetworkFailure", cause, false, null);
    }

    // Fetch "HTTP fetch" step 4.5 / OnReceiveRedirect: the CORS check runs on redirects too.
    if (state.corsFlag) {
      const check = corsCheck(response, requestOrigin, include, profile);
      if (check !== null) {
        forgetCached();
        return failure(check.code, check.hint, false, response.status, "", undefined, target !== null);
      }
    }

    if (target === null) return success(response, req, state, { preflight, preflightFromCache, trace, warnings, ...noted() });

    if (req.redirect === "manual") {
      return {
        allowed: true,
        preflight,
        preflightFromCache,
        trace,
        message: null,
        error: null,
        exposedHeaders: [],
        response: { type: "opaqueredirect", status: 0, url: state.url.href, redirected: state.redirects > 0, headers: [] },
        warnings,
        ...noted(),
      };
    }
    if (state.redirects++ === MAX_REDIRECTS) return failure("TooManyRedirects", "", false, response.status);
    if (target === "invalid") return failure("InvalidRedirect", "", false, response.status);
    if (profile.redirectModeCheckedFirst && req.redirect === "error") return failure("RedirectModeError", "", false, response.status);
    // WebKit: a request that is not simple, redirected from the page's origin (where no CORS check
    // ran), goes on to the new URL without its credentials (NetworkDataTaskSoup::continueHTTPRedirection
    // `removeCredentials`), preflighted by NetworkLoadChecker::checkCORSRedirectedRequest; only when
    // that preflight passes is the redirect refused for the credentials (seed 7 g258: PATCH, and PUT,
    // POST with an unsafe header, any credentials mode; a failing preflight is the error: g549, g842).
    // A simple one is refused at once (g216). Simple is judged on the method the network process
    // redirects with (DocumentThreadableLoader::redirectReceived `isSimpleCrossOriginAccessRequest`):
    // a DELETE it turned GET is refused at once.
    const credentialsAfterPreflight =
      profile.corsRedirectRestart === true &&
      req.mode === "cors" &&
      originOf(state.url) === req.origin &&
      preflightReasons(
        webkitRedirectMethod(response.status, state.method, originOf(state.url) !== originOf(target)),
        state.headers,
        req.useCorsPreflight,
        profile,
      ).length > 0;
    const forbiddenCredentials = req.mode === "cors" && redirectHasForbiddenCredentials(target, req.origin, state.corsFlag, state.tainted);
    if (forbiddenCredentials && credentialsAfterPreflight) {
      refusedAfterPreflight = { lastUrl: state.url.href, redirectTarget: target.href, status: response.status };
    } else if (forbiddenCredentials) {
      // Chromium builds this error without a failed parameter: the message shows ''.
      return failure("RedirectContainsCredentials", "", false, response.status);
    }
    if (credentialsAfterPreflight) {
      target.username = "";
      target.password = "";
    }
    // Userinfo the CORS rules let through still fails in Chromium, silently (observed: no console error, no issue).
    if (profile.userinfoRedirectFails && (target.username !== "" || target.password !== "")) return failure("InvalidRedirect", "", false, response.status);
    if (req.redirect === "error") return failure("RedirectModeError", "", false, response.status);

    // The next hop's Referer is computed from the one this hop sent (//net URLRequest::Redirect).
    const sentReferrer = referrerFor(state.referrerSource, state.url, req.referrerPolicy);
    state.referrerSource = sentReferrer === null ? null : new URL(sentReferrer);
    followRedirect(state, target, response.status, req.mode !== "cors", req.origin, profile);
    state.chain.push(target);
  }
}

/** Where the last response redirected to, when it did (MessageContext.redirectTarget). */
function redirectTargetOf(last: Exchange | undefined, url: URL): { redirectTarget?: string } {
  if (last?.kind !== "redirect" || last.response === null) return {};
  const target = redirectTarget(last.response, url);
  return target instanceof URL ? { redirectTarget: target.href } : {};
}

/** The User-Agent script set, for the preflight's header block (HeaderBlockInput.scriptUserAgent). */
function userAgentOf(headers: readonly RequestHeader[]): { scriptUserAgent?: string } {
  const value = headers.find((h) => h.name.toLowerCase() === "user-agent")?.value;
  return value === undefined ? {} : { scriptUserAgent: value };
}

/** Referrer policies that send more than the default to another site (see BrowserProfile.ignoresRelaxedReferrerPolicyCrossSite). */
const RELAXED_POLICIES = new Set(["unsafe-url", "no-referrer-when-downgrade", "origin-when-cross-origin"]);

/** What the header block of any request of this hop shares. */
function hopContext(req: ConstructedRequest, state: State, profile: BrowserProfile) {
  const relaxed =
    RELAXED_POLICIES.has(req.referrerPolicy) &&
    profile.ignoresRelaxedReferrerPolicyCrossSite &&
    // An opaque page origin sends no referrer at all (referrerSource is null), whatever the policy.
    req.origin !== "null" &&
    siteOf(state.url) !== siteOf(new URL(req.origin));
  const policy = relaxed ? "strict-origin-when-cross-origin" : req.referrerPolicy;
  return {
    url: state.url,
    mapOrder: state.mapOrder,
    mode: req.mode,
    credentials: req.credentials,
    validateCache: validatesCache(state.headers),
    redirected: state.redirects > 0,
    referrer: referrerFor(state.referrerSource, state.url, policy),
    referrerReevaluated: relaxed,
    restarted: state.restarted === true,
    contentTypeLate: state.contentTypeLate === true,
    // A hop the network process followed without a new preflight got its User-Agent set again last (g145, seed 7 g934).
    userAgentReset: state.redirects > 0 && !state.preflighted,
  };
}

/**
 * WebKit builds the preflight of a redirected load from the page loader's request, whose Referer is
 * the one the first hop sent, never recomputed (g6, r21, seed 7 g731: the page's full URL after a
 * same-origin first hop, even two hops later; r16: the origin after a cross-origin one).
 */
function preflightReferrer(req: ConstructedRequest, state: State, profile: BrowserProfile): { referrer?: string | null } {
  if (profile.corsRedirectRestart !== true || state.redirects === 0) return {};
  return { referrer: referrerFor(req.origin === "null" ? null : new URL(req.referrer), req.url, req.referrerPolicy) };
}

/**
 * The actual request of one hop, every header line as the browser writes it (request-bytes.ts).
 * `Origin` goes out when the CORS flag is set or the method is not GET/HEAD; `Cookie` carries what
 * the cookie rules allow (request-cookies.ts).
 */
function actualRequest(req: ConstructedRequest, state: State, requestOrigin: string, cookie: string | null, profile: BrowserProfile): WireRequest {
  // WebKit keeps the Origin a request carried through a redirect within one origin (g145).
  const kept = state.originKept === true;
  const origin = state.corsFlag || kept || (state.method !== "GET" && state.method !== "HEAD") ? requestOrigin : null;
  if (profile.corsRedirectRestart === true) state.originKept = origin !== null;
  const headers = requestHeaderBlock(
    {
      ...hopContext(req, state, profile),
      kind: "actual",
      method: state.method,
      headers: state.headers.filter((h) => {
        const lower = h.name.toLowerCase();
        return !(
          (lower === "authorization" && state.authorizationCleared === true) ||
          (state.bodyHeadersCleared === true && REQUEST_BODY_HEADER_NAMES.has(lower))
        );
      }),
      origin,
      secFetchSite: secFetchSite(req.origin, state.chain),
      storageAccessSite: storageAccessSite(req.origin, state.chain),
      bodyLength: state.body?.byteLength,
      cookie,
    },
    profile,
  );
  return state.body === undefined
    ? { method: state.method, url: state.url.href, headers }
    : { method: state.method, url: state.url.href, headers, body: state.body };
}

/**
 * Where Firefox decides `Sec-Fetch-Storage-Access` for an actual request (gecko-request-bytes.ts):
 * the current URL, unless an earlier URL of the redirect chain was same-site with the page but of
 * another origin — then never. Observed, not traced to a Gecko function: it fits every scenario
 * seen (seed 20260521 g281, g800, r10; seed 7 g71, g98, g448; seed 8 g299; seed 9 g494, g904, g978).
 */
function storageAccessSite(pageOrigin: string, chain: readonly URL[]): string {
  const sameSiteDetour = chain.slice(0, -1).some((u) => secFetchSite(pageOrigin, [u]) === "same-site");
  return sameSiteDetour ? "same-site" : secFetchSite(pageOrigin, [chain.at(-1)!]);
}

/** Sends one request; a transport failure becomes a null response and its cause, for the NetworkFailure hint. */
async function send(transport: Transport, request: WireRequest): Promise<{ response: WireResponse | null; cause: string }> {
  try {
    return { response: await transport.send(request), cause: "" };
  } catch (error) {
    return { response: null, cause: error instanceof Error ? error.message : String(error) };
  }
}

function success(
  response: WireResponse,
  req: ConstructedRequest,
  state: State,
  done: Pick<BrowserResult, "preflight" | "preflightFromCache" | "trace" | "warnings" | "notes">,
): BrowserResult {
  const type: ReadableResponse["type"] = state.corsFlag
    ? "cors"
    : req.mode === "no-cors" && (state.tainted || originOf(state.url) !== req.origin)
      ? "opaque"
      : "basic";
  if (type === "opaque") {
    return { ...done, allowed: true, message: null, error: null, exposedHeaders: [], response: { type, status: 0, url: "", redirected: false, headers: [] } };
  }
  const names = readableHeaderNames(response, type, req.credentials === "include");
  const readable = new Set(names);
  const headers: [string, string][] = response.headers.filter(([n]) => readable.has(n.toLowerCase())).map(([n, v]) => [n.toLowerCase(), v]);
  const readableResponse: ReadableResponse = {
    type,
    status: response.status,
    url: state.url.href,
    redirected: state.redirects > 0,
    headers,
    ...(response.body === undefined ? {} : { body: response.body }),
  };
  return { ...done, allowed: true, message: null, error: null, exposedHeaders: names, response: readableResponse };
}

function emptyContext() {
  return { hint: "", initialUrl: "", lastUrl: "", pageOrigin: "", requestOrigin: "", status: null, token: "", method: "", credentials: false };
}
