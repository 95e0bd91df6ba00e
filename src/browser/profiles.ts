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
    /**
     * How the value is read. `int64` (Chromium `ParseAccessControlMaxAge`, spec): a signed integer,
     * negative meaning 0, anything else the default. `delta-seconds` (Gecko
     * `nsCORSPreflightListener::AddResultToCache`): an empty value is the default, digits only
     * (saturating at the cap), anything else (`-1`, `+5`, `abc`) stores nothing (cache sequence c15).
     */
    readonly syntax: "int64" | "delta-seconds";
  };
  /**
   * Which origin keys the preflight cache: Chromium keys by the initiator (page) origin even after
   * a redirect tainted the request (preflight_controller.cc `AppendToCache`), and so does Gecko (the
   * load's loading principal, nsCORSListenerProxy.cpp `StartCORSPreflight`); Fetch keys by the
   * serialised request origin, so `null` entries are separate.
   */
  readonly cacheKeyOrigin: "initiator" | "request";
  /**
   * What a preflight-cache entry is and how a lookup matches it (see preflight-cache.ts).
   * `chromium` (services/network/cors/preflight_cache.cc, spec): one result per (origin, URL),
   * replaced by each preflight; a lookup re-runs the method and header checks (`*` included, the
   * strict Authorization rule), a credentialed entry serves an uncredentialed request, and a stale
   * or insufficient entry is deleted.
   * `gecko` (nsCORSListenerProxy.cpp `nsPreflightCache`, `CORSCacheEntry::CheckRequest`,
   * `AddResultToCache`): entries keyed by credentials mode too (cache sequence c13); each preflight
   * merges its method and header tokens in with their own expiry; a lookup compares tokens literally,
   * so `*` matches nothing (c11) and only GET and POST skip the method check (c16); a failed lookup
   * keeps the entry, and a CORS failure at the URL removes its entries (`RemoveEntries`, c7).
   */
  readonly preflightCache: "chromium" | "gecko";
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
  readonly messages: "chromium" | "firefox" | "webkit";
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
   * Fetch: sorted too ("CORS-unsafe request-header names" returns a sorted-lowercase set). WebKit:
   * WebCore's HTTPHeaderMap, the names it knows first (webkit-header-names.ts `webcoreHeaderMapOrder`).
   */
  readonly requestHeaderOrder: "blink-hash-map" | "sorted" | "webcore-header-map";
  /**
   * How the release parses a `Range` value for the CORS safelist
   * (services/network/public/cpp/cors/cors.cc `IsCorsSafelistedHeader`, range branch).
   * `chromium-150`: that branch lower-cases the value, refuses spaces and commas, and hands it to
   * `net::HttpUtil::ParseRangeHeader` (one range, not a suffix range), whose `base::StringToInt64`
   * takes a `+` sign — so `BYTES=0-1`, `bytes=+5-` and `bytes=0-+5` go without a preflight.
   * `fetch`: Fetch "parse a single range header value" — lower-case `bytes=`, digits only — as
   * Chromium 156, the Fetch Standard and Firefox do. Observed side by side on Debian's 150.0.7871.100
   * and 156.0.8078.108 (the 156 profile on 150 differs on 59 of 1,500 generated scenarios, all
   * these Range values); the ParseRangeHeader code was read in an older cors.cc, and the commit
   * that replaced it with the spec parse could not be pinned offline.
   */
  readonly rangeSafelist: "fetch" | "chromium-150";
  /**
   * What the browser writes around script's headers on the wire (see request-bytes.ts), or null for
   * profiles not checked on the wire: their requests carry only Host, Connection, Content-Length,
   * script's headers and Origin.
   */
  readonly wire: WireProfile | null;
  /**
   * Firefox ignores a referrer policy that would send more than the default (`unsafe-url`,
   * `no-referrer-when-downgrade`, `origin-when-cross-origin`) on a cross-site request and uses
   * `strict-origin-when-cross-origin` instead (pref `network.http.referer.disallowCrossSiteRelaxingDefault`,
   * dom/security/ReferrerInfo.cpp `ReferrerInfo::ShouldIgnoreLessRestrictedPolicies`; referrer-policy
   * scenarios rp7, rp17, rp37). Chromium and Fetch honour them.
   */
  readonly ignoresRelaxedReferrerPolicyCrossSite: boolean;
  /**
   * How the preflight decision sees a header script gave more than once: `combined` (Fetch, Chromium:
   * one entry, values joined with ", "), or `each` (Gecko: nsCORSListenerProxy walks the request's
   * header entries, checks each value against the safelist and lists each unsafe one in
   * Access-Control-Request-Headers, so `x-dup,x-dup`; generated scenarios g5, g22, g597).
   */
  readonly headerEntries: "combined" | "each";
  /**
   * Gecko's nsCORSPreflightListener::CheckPreflightRequestApproved parses Access-Control-Allow-Methods
   * and checks the method before it parses Access-Control-Allow-Headers, so a disallowed method is
   * reported even when the headers list is malformed (generated scenario g205). Chromium parses
   * both lists first (preflight_result.cc `Create`).
   */
  readonly preflightChecksMethodFirst: boolean;
  /**
   * Once a request needed a preflight, Gecko preflights every later cross-origin hop of it too
   * (nsCORSListenerProxy::AsyncOnChannelRedirect keeps the load's preflight requirement: a PUT
   * turned into a GET by a 303 still preflights, with `Access-Control-Request-Method: GET`;
   * redirect scenarios r16–r20). Chromium and Fetch decide again for each hop.
   */
  readonly preflightStaysRequired: boolean;
  /**
   * Gecko builds a preflight from the load's principal, so a preflight after a redirect tainted the
   * request still says `Origin: <page origin>` and is checked against it (nsCORSListenerProxy.cpp
   * `StartCORSPreflight`; redirect scenarios r17, r18, r20, generated g809, g882, g913); the actual
   * request then says `Origin: null`. A preflight to a URL of the page's own origin then skips the
   * Access-Control-Allow-Origin check (g913). Chromium and Fetch send the tainted `null` on both.
   */
  readonly preflightOriginIgnoresTaint: boolean;
  /**
   * A redirect to a URL with a username or password that the CORS rules let through (no CORS flag
   * yet): Chromium fails the fetch silently; Gecko follows it (redirect scenario r12, generated g73).
   */
  readonly userinfoRedirectFails: boolean;
  /**
   * Chromium's CorsURLLoader restarts a redirected request whose CORS flag changed or that needs a
   * preflight, and its URL list (so Sec-Fetch-Site) starts afresh (seed 20260521, g1359 on 156).
   * Gecko keeps the whole redirect chain (g882: back at the page's origin, still `cross-site`).
   */
  readonly redirectRestartsUrlList: boolean;
  /**
   * When a no-cors (or same-origin mode) request's `Origin` becomes `null` after a redirect: `hop`
   * — every redirect between two origins (Chromium's //net `RedirectUtil::UpdateHttpRequest`);
   * `left-url` — such a redirect away from a URL of another origin than the page's (Gecko; r26
   * keeps the page origin after page → other, g860 after other → same other, r27 says null after
   * other → page).
   */
  readonly noCorsTaint: "hop" | "left-url";
  /**
   * Which header list a redirected request starts from. `previous-hop` (Fetch, Chromium): the one the
   * last hop sent, so request-body headers removed by a method-rewriting redirect stay removed.
   * `request` (Gecko): dom/fetch/FetchDriver.cpp `AsyncOnChannelRedirect` calls `SetRequestHeaders`
   * with the fetch's own header list on every redirect, removing the request-body headers only when
   * `HttpBaseChannel::ShouldStripRequestBodyHeader` says so for this redirect's status and the
   * fetch's original method (`mRequest->GetMethod`: 301/302 of a POST, 303 of anything but GET and
   * HEAD — a GET keeps its Content-Type through a 303, seed 8 g325, g377), and Authorization only
   * when this hop changes origin. So after POST → 303 → GET, a 307 brings the script's Content-Type
   * back (seed 20260521 g73) and a 301 of a PATCH turned GET brings Content-Language back into the
   * next preflight (g419). Likewise a cross-origin hop needs a preflight whenever the fetch's own
   * list has a CORS-unsafe header, even one this hop does not send: nsCORSListenerProxy.cpp
   * `CheckPreflightNeeded` reads `loadInfo->CorsUnsafeHeaders()`, which FetchDriver set once (seed 7
   * g731: Authorization removed by a cross-origin 303, yet `OPTIONS` with no Access-Control-Request-Headers).
   */
  readonly redirectHeadersFrom: "previous-hop" | "request";
  /**
   * Gecko only: a refused preflight redirect is CORS-checked again, and a failure of that check is
   * what Firefox reports. nsCORSListenerProxy::AsyncOnChannelRedirect of the preflight's own CORS
   * proxy checks the redirect response (only once the load has been cross-site: not for a preflight
   * to the page's own origin), then, the load having been cross-site, sets `mOriginHeaderPrincipal`
   * to a null principal when the old and new URLs' principals differ, and `UpdateChannel` on the new
   * URL marks the load cross-site unless that URL is the page's origin; nsCORSPreflightListener then
   * refuses the redirect (`CORSExternalRedirectNotAllowed`) and the proxy's OnStartRequest runs
   * `CheckRequestApproved` on the redirect response with that state. So an exact
   * Access-Control-Allow-Origin on a preflight redirected from another origin to a third is "does not
   * match" (`null`; seed 20260521 g47), and a preflight at the page's origin redirected away is
   * checked with the page origin (seed 10 g703: "missing").
   */
  readonly refusedPreflightRedirectRechecked: boolean;
  /**
   * Gecko refuses a redirect under `redirect: "error"` in the HTTP channel, before the CORS code sees
   * the Location (so a Location with a username is not reported, and a redirect from the page's own
   * origin prints nothing; seed 7 g994). Chromium checks the Location for credentials first
   * (cors_url_loader.cc `OnReceiveRedirect`).
   */
  readonly redirectModeCheckedFirst: boolean;
  /**
   * Gecko refuses to safelist a Content-Type with a comma outside a quoted string:
   * nsContentUtils::IsAllowedNonCorsContentType parses it with netwerk/base/nsURLHelper.cpp
   * `net_ParseRequestContentType`, which gives up on a list (`net_FindMediaDelimiter`). Fetch's MIME
   * parser (Chromium) ignores a comma inside a parameter, so `text/plain;a, b` is safelisted there.
   * In no-cors mode the Headers guard checks the combined value, so Firefox keeps only the first of
   * several Content-Type values (seed 9 g591, g659).
   */
  readonly contentTypeListUnsafe: boolean;
  /**
   * WebKit checks a preflight response's status before anything else, and a redirect is just a
   * status that is not ok: CrossOriginAccessControl.cpp `validatePreflightResponse` returns "Preflight
   * response is not successful" before `passesAccessControlCheck` (g7, g95: a 300 or 400 preflight
   * with a bad Access-Control-Allow-Origin; g47, g49: a redirected preflight). Chromium and Gecko
   * check Access-Control-Allow-Origin first and refuse a redirect as such. Absent: false.
   */
  readonly preflightStatusFirst?: boolean;
  /**
   * WebKit follows a redirect its own way (redirects.ts `followWebKitRedirect`): a cors-mode redirect
   * to another origin restarts the load from the fetch's own header list, with Origin, Referer and
   * User-Agent set again and no Fetch Metadata; Authorization is cleared on a redirect to another
   * host or port; a DELETE redirected to another host becomes GET. The preflight of a redirected
   * load carries the Referer the previous hop sent. Absent: false.
   */
  readonly corsRedirectRestart?: boolean;
  /**
   * WebKit caches a preflight's result before checking the request against it, so a refused
   * preflight still fills the cache (cache sequence c7), and its cache lookups let `*` cover
   * Authorization as the preflight did (c10; CrossOriginPreflightResultCache.cpp
   * `CrossOriginPreflightResultCacheItem::allowsRequest`). Absent: false.
   */
  readonly cachesRefusedPreflight?: boolean;
}

/** What a profiled release writes on the wire: Chromium's header block, Gecko's or WebKitGTK's. */
export type WireProfile = ChromiumWire | GeckoWire | WebKitWire;

/** The identity a Chromium release announces on every request. */
export interface ChromiumWire {
  readonly engine: "chromium";
  /** Chromium major version (`chromium@<major>`). */
  readonly major: number;
  /**
   * `User-Agent` of desktop Chromium on Linux with the reduced UA (minor versions zeroed). Headless
   * Chromium says `HeadlessChrome/` instead of `Chrome/`: the one value the conformance suite lets differ.
   */
  readonly userAgent: string;
  /**
   * `sec-ch-ua`: the GREASE brand then `Chromium`. The GREASE brand is a function of the major
   * version (components/embedder_support/user_agent_utils.cc `GetGreasedUserAgentBrandVersion`:
   * `"Not" + c[major % 11] + "A" + c[(major + 1) % 11] + "Brand"`, version `["8","99","24"][major % 3]`),
   * observed on both releases.
   */
  readonly secChUa: string;
  readonly secChUaPlatform: string;
  /** The browser's default `Accept-Language` (en-US locale). */
  readonly acceptLanguage: string;
}

/**
 * The identity a Firefox ESR release announces on every request (see gecko-request-bytes.ts for the
 * order Necko writes the lines in).
 */
export interface GeckoWire {
  readonly engine: "gecko";
  /** Firefox major version (`firefox@<major>`). */
  readonly major: number;
  /**
   * `User-Agent` of Firefox on Linux (netwerk/protocol/http/nsHttpHandler.cpp `BuildUserAgent`,
   * with the `rv:` frozen at 109.0 since Firefox 110... as observed, see the profile).
   */
  readonly userAgent: string;
  /** The default `Accept-Language` of the en-US build (`intl.accept_languages`). */
  readonly acceptLanguage: string;
}

/**
 * The identity a WebKitGTK release announces on every request (see webkit-request-bytes.ts for the
 * order libsoup writes the lines in). Keyed by the WebKitGTK release (`webkit@2.50`), not by a
 * Safari version: WebKitGTK is WebKit with GLib's libsoup as its network stack, not Safari.
 */
export interface WebKitWire {
  readonly engine: "webkit";
  /** WebKitGTK major and minor version (`webkit@<major>.<minor>`). */
  readonly major: number;
  readonly minor: number;
  /**
   * `User-Agent` of WebKitGTK on Linux: a frozen Safari-like string
   * (Source/WebCore/platform/glib/UserAgentGLib.cpp `buildUserAgentString`), the same for every release.
   */
  readonly userAgent: string;
  /** `Accept-Language` in the en-US locale (WebKitGTK derives it from the process's locale, not a preference). */
  readonly acceptLanguage: string;
}

function chromiumWire(major: number): ChromiumWire {
  const grease = [" ", "(", ":", "-", ".", "/", ")", ";", "=", "?", "_"];
  const brand = `Not${grease[major % 11]}A${grease[(major + 1) % 11]}Brand`;
  return Object.freeze({
    engine: "chromium",
    major,
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`,
    secChUa: `"${brand}";v="${["8", "99", "24"][major % 3]}", "Chromium";v="${major}"`,
    secChUaPlatform: '"Linux"',
    acceptLanguage: "en-US,en;q=0.9",
  });
}

/** Chromium 156 with its 2026 defaults. The model's default profile, proven by the conformance suite. */
export const chromium: BrowserProfile & { readonly wire: ChromiumWire } = Object.freeze({
  name: "chromium@156",
  extraForbiddenRequestHeaders: Object.freeze(["user-agent"]),
  chromiumSafelistExtras: true,
  wildcardCoversAuthorization: true,
  maxAge: Object.freeze({ default: 5, cap: 7200, syntax: "int64" }),
  cacheKeyOrigin: "initiator",
  preflightCache: "chromium",
  rejectsMultipleAllowOriginLines: false,
  redirectRemovesHeaders: Object.freeze(["device-memory", "dpr", "width", "viewport-width", "rtt", "downlink", "ect", "save-data"]),
  messages: "chromium",
  removesAuthorizationOnCrossOriginRedirect: true,
  requestHeaderOrder: "blink-hash-map",
  rangeSafelist: "fetch",
  wire: chromiumWire(156),
  ignoresRelaxedReferrerPolicyCrossSite: false,
  headerEntries: "combined",
  preflightChecksMethodFirst: false,
  preflightStaysRequired: false,
  preflightOriginIgnoresTaint: false,
  userinfoRedirectFails: true,
  redirectRestartsUrlList: true,
  noCorsTaint: "hop",
  redirectHeadersFrom: "previous-hop",
  refusedPreflightRedirectRechecked: false,
  redirectModeCheckedFirst: false,
  contentTypeListUnsafe: false,
} as const);

/**
 * Chromium 150 (Debian 150.0.7871.100): as 156 but for the Range safelist (`rangeSafelist`), proven
 * by the conformance suite when run with CORSPROOF_CHROMIUM pointing at a 150 binary.
 */
export const chromium150: BrowserProfile & { readonly wire: ChromiumWire } = Object.freeze({
  ...chromium,
  name: "chromium@150",
  rangeSafelist: "chromium-150",
  wire: chromiumWire(150),
} as const);

/**
 * Firefox ESR 153 (Debian firefox-esr 153.8.0esr), proven by the Firefox conformance suite
 * (test/browser/firefox-conformance.test.ts) on the same scenarios as Chromium. Each switch that
 * differs from Chromium cites Gecko's source and the scenario that shows it (see the README table).
 */
export const firefox: BrowserProfile & { readonly wire: GeckoWire } = Object.freeze({
  name: "firefox@153",
  extraForbiddenRequestHeaders: Object.freeze([]),
  chromiumSafelistExtras: false,
  wildcardCoversAuthorization: true,
  // nsCORSListenerProxy.cpp: PREFLIGHT_DEFAULT_EXPIRY_SECONDS 5, `AddResultToCache` caps at 24 h
  // (c0, c5). Gecko also drops an entry whose host has a DNS-cache record newer than the entry
  // (`CORSCacheEntry::CheckDNSCache`); the model assumes a warm DNS cache, as the conformance suite
  // makes Firefox's before the cache sequences (see primeDnsCache in test/browser/firefox-conformance.test.ts).
  maxAge: Object.freeze({ default: 5, cap: 86400, syntax: "delta-seconds" }),
  cacheKeyOrigin: "initiator",
  preflightCache: "gecko",
  rejectsMultipleAllowOriginLines: true,
  redirectRemovesHeaders: Object.freeze([]),
  messages: "firefox",
  removesAuthorizationOnCrossOriginRedirect: true,
  requestHeaderOrder: "sorted",
  rangeSafelist: "fetch",
  ignoresRelaxedReferrerPolicyCrossSite: true,
  headerEntries: "each",
  preflightChecksMethodFirst: true,
  preflightStaysRequired: true,
  preflightOriginIgnoresTaint: true,
  userinfoRedirectFails: false,
  redirectRestartsUrlList: false,
  noCorsTaint: "left-url",
  redirectHeadersFrom: "request",
  refusedPreflightRedirectRechecked: true,
  redirectModeCheckedFirst: true,
  contentTypeListUnsafe: true,
  wire: Object.freeze({
    engine: "gecko",
    major: 153,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0",
    acceptLanguage: "en-US,en;q=0.9",
  }),
} as const);

/**
 * WebKitGTK 2.50 (Debian libwebkit2gtk-4.1-0 2.50.6), proven by the WebKit conformance suite
 * (test/browser/webkit-conformance.test.ts) on the same scenarios as Chromium and Firefox. WebKitGTK
 * is WebKit with libsoup as its network stack: not Safari (CFNetwork, ITP and Safari's privacy
 * defaults are not part of it). Each switch that differs from Chromium cites WebKit's source and the
 * scenario that shows it (see the README table).
 */
export const webkit: BrowserProfile & { readonly wire: WebKitWire } = Object.freeze({
  name: "webkit@2.50",
  extraForbiddenRequestHeaders: Object.freeze([]),
  chromiumSafelistExtras: false,
  // CrossOriginPreflightResultCache.cpp `CrossOriginPreflightResultCacheItem::validateMethodAndHeaders`:
  // `*` allows every header for an uncredentialed request, Authorization included (g83, g255).
  wildcardCoversAuthorization: true,
  // CrossOriginPreflightResultCache.cpp `defaultPreflightCacheTimeout` (5 s) and `maxPreflightCacheTimeout` (600 s).
  maxAge: Object.freeze({ default: 5, cap: 600, syntax: "int64" }),
  cacheKeyOrigin: "request",
  // The cache sequences agree with one result per (origin, URL), checked again on lookup (c0–c14).
  preflightCache: "chromium",
  rejectsMultipleAllowOriginLines: false,
  redirectRemovesHeaders: Object.freeze([]),
  messages: "webkit",
  // Authorization survives a redirect to another origin as far as the next preflight goes (g199, r20:
  // listed in its Access-Control-Request-Headers); the request itself goes without it, cleared by
  // NetworkDataTaskSoup::continueHTTPRedirection (see corsRedirectRestart).
  removesAuthorizationOnCrossOriginRedirect: false,
  requestHeaderOrder: "webcore-header-map",
  // HTTPParsers.cpp `isCrossOriginSafeRequestHeader` safelists a Range that `parseRange` (no
  // whitespace) reads as one range with a start: `bytes=` in any case, a `+` sign allowed — the same
  // values as Chromium 150's parse (g58 `BYTES=0-1`, g123 `bytes=+5-`; g7 `bytes=0-1,3-4` and g5
  // `bytes=-5` are not safe).
  rangeSafelist: "chromium-150",
  ignoresRelaxedReferrerPolicyCrossSite: false,
  headerEntries: "combined",
  preflightChecksMethodFirst: false,
  // DocumentThreadableLoader::redirectReceived: a request that was not simple stays so, and every
  // restarted hop is preflighted again (g809: an OPTIONS turned GET by a 303; r16, r17).
  preflightStaysRequired: true,
  preflightOriginIgnoresTaint: false,
  // A same-origin redirect to a URL with credentials is followed (g73): WebKit only refuses it on a
  // cross-origin CORS redirect (CrossOriginAccessControl.cpp `validateCrossOriginRedirectionURL`).
  userinfoRedirectFails: false,
  // Sec-Fetch-Site looks at the whole redirect chain, preflight or not (seed 7 fg130: back at the
  // page's origin after another site's URL, `same-site`).
  redirectRestartsUrlList: false,
  // A no-cors request says `Origin: null` only after a redirect away from another origin than the
  // page's, and its response stays opaque back at the page's origin (r26, r27, r25), as in Gecko.
  noCorsTaint: "left-url",
  redirectHeadersFrom: "previous-hop",
  refusedPreflightRedirectRechecked: false,
  redirectModeCheckedFirst: false,
  contentTypeListUnsafe: false,
  preflightStatusFirst: true,
  corsRedirectRestart: true,
  cachesRefusedPreflight: true,
  wire: Object.freeze({
    engine: "webkit",
    major: 2,
    minor: 50,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15",
    acceptLanguage: "en-US",
  }),
} as const);

/** The Fetch Standard as written. Messages use Chromium's wording because the spec has none. */
export const spec: BrowserProfile = Object.freeze({
  name: "spec",
  extraForbiddenRequestHeaders: Object.freeze([]),
  chromiumSafelistExtras: false,
  wildcardCoversAuthorization: false,
  maxAge: Object.freeze({ default: 5, cap: 7200, syntax: "int64" }),
  cacheKeyOrigin: "request",
  preflightCache: "chromium",
  rejectsMultipleAllowOriginLines: false,
  redirectRemovesHeaders: Object.freeze([]),
  messages: "chromium",
  removesAuthorizationOnCrossOriginRedirect: true,
  requestHeaderOrder: "sorted",
  rangeSafelist: "fetch",
  wire: null,
  ignoresRelaxedReferrerPolicyCrossSite: false,
  headerEntries: "combined",
  preflightChecksMethodFirst: false,
  preflightStaysRequired: false,
  preflightOriginIgnoresTaint: false,
  userinfoRedirectFails: true,
  redirectRestartsUrlList: true,
  noCorsTaint: "hop",
  redirectHeadersFrom: "previous-hop",
  refusedPreflightRedirectRechecked: false,
  redirectModeCheckedFirst: false,
  contentTypeListUnsafe: false,
} as const);

/**
 * The built-in profiles by name. `chromium`, `firefox` and `webkit` are the newest profiled releases;
 * `chromium@<major>`, `firefox@<major>` (ESR) and `webkit@<major>.<minor>` (WebKitGTK) name one release. Each release differs from the next only where its profile says so, with the cause.
 */
export const profiles = Object.freeze({
  chromium,
  "chromium@156": chromium,
  "chromium@150": chromium150,
  firefox,
  "firefox@153": firefox,
  webkit,
  "webkit@2.50": webkit,
  spec,
});

/** A built-in profile's name. */
export type ProfileName = keyof typeof profiles;

/** The Chromium releases with a profile, newest first. */
export const CHROMIUM_RELEASES: readonly BrowserProfile[] = Object.freeze([chromium, chromium150]);

/** Resolves a profile name or object; the default is the newest Chromium. */
export function resolveProfile(profile: ProfileName | BrowserProfile | undefined): BrowserProfile {
  if (profile === undefined) return chromium;
  return typeof profile === "string" ? profiles[profile] : profile;
}

/** The Firefox ESR releases with a profile, newest first. */
export const FIREFOX_RELEASES: readonly BrowserProfile[] = Object.freeze([firefox]);

/** The profiled release nearest to `major` (the first listed, i.e. the newer, on a tie). */
function nearest(releases: readonly BrowserProfile[], major: number): BrowserProfile {
  let best = releases[0]!;
  for (const p of releases) {
    const d = Math.abs((p.wire?.major ?? 0) - major);
    if (d < Math.abs((best.wire?.major ?? 0) - major)) best = p;
  }
  return best;
}

/**
 * The profile for a Chromium major version: that release's when profiled (`exact`), else the rules
 * of the nearest profiled release (the newer one on a tie) with the release's own identity
 * (User-Agent and `sec-ch-ua` follow from the major version), so that only rule differences show.
 *
 * @example
 * chromiumProfile(150).profile === profiles["chromium@150"]; // true
 * chromiumProfile(153); // { profile: chromium@156's rules announcing 153, exact: false, nearest: chromium@156 }
 */
export function chromiumProfile(major: number): { profile: BrowserProfile; exact: boolean; nearest: BrowserProfile } {
  const best = nearest(CHROMIUM_RELEASES, major);
  if (best.wire?.major === major) return { profile: best, exact: true, nearest: best };
  return { profile: Object.freeze({ ...best, name: `chromium@${major} (rules of ${best.name})`, wire: chromiumWire(major) }), exact: false, nearest: best };
}

/**
 * The profile for a Firefox major version, as {@link chromiumProfile} does for Chromium.
 *
 * @example
 * firefoxProfile(153).profile === profiles["firefox@153"]; // true
 * firefoxProfile(140); // { profile: firefox@153's rules, exact: false, nearest: firefox@153 }
 */
export function firefoxProfile(major: number): { profile: BrowserProfile; exact: boolean; nearest: BrowserProfile } {
  const best = nearest(FIREFOX_RELEASES, major);
  return { profile: best, exact: best.wire?.major === major, nearest: best };
}

/** The WebKitGTK releases with a profile, newest first. */
export const WEBKIT_RELEASES: readonly (BrowserProfile & { readonly wire: WebKitWire })[] = Object.freeze([webkit]);

/**
 * The profile for a WebKitGTK release (`major.minor`), as {@link firefoxProfile} does for Firefox:
 * that release's when profiled (`exact`), else the nearest profiled release's (the newer on a tie).
 *
 * @example
 * webkitProfile(2, 50).profile === profiles["webkit@2.50"]; // true
 * webkitProfile(2, 48); // { profile: webkit@2.50's rules, exact: false, nearest: webkit@2.50 }
 */
export function webkitProfile(major: number, minor: number): { profile: BrowserProfile; exact: boolean; nearest: BrowserProfile } {
  const distance = (w: WebKitWire) => Math.abs(w.major * 1000 + w.minor - (major * 1000 + minor));
  let best = WEBKIT_RELEASES[0]!;
  for (const p of WEBKIT_RELEASES) if (distance(p.wire) < distance(best.wire)) best = p;
  return { profile: best, exact: best.wire.major === major && best.wire.minor === minor, nearest: best };
}
