/**
 * The README's "where the engines differ" table, generated from the profiles: one row per profile
 * switch on which the newest Chromium, Firefox and WebKit profiles differ, with the Gecko and WebKit
 * sources and the conformance scenarios that prove each side. A switch that differs but has no row
 * (or no source for the engine that differs) fails the README test, so a new difference cannot go
 * undocumented.
 */
import { type BrowserProfile, chromium, firefox, webkit } from "../../../src/browser/index.js";

interface Row {
  /** What the switch decides, in a few words. */
  readonly what: string;
  /** How a profile's value reads in the table. */
  readonly show: (p: BrowserProfile) => string;
  /** Gecko source and the scenario (conformance suite, seed 20260521) that shows Firefox's side. */
  readonly proof?: string;
  /** WebKit source and the scenario (conformance suite, seed 20260521 unless said) that shows WebKit's side. */
  readonly webkit?: string;
}

const yesNo = (v: boolean) => (v ? "yes" : "no");

/** Rows by profile switch (keys of BrowserProfile except `name`, `messages` and `wire`, listed separately). */
const ROWS: Partial<Record<keyof BrowserProfile, Row>> = {
  extraForbiddenRequestHeaders: {
    what: "script may set `User-Agent`",
    show: (p) => yesNo(!p.extraForbiddenRequestHeaders.includes("user-agent")),
    proof: "Fetch's forbidden list; header-order scenario h9 (`user-agent` in Access-Control-Request-Headers)",
    webkit: "HTTPParsers.cpp `isForbiddenHeaderName` (Fetch's list); g5 (`user-agent` in Access-Control-Request-Headers)",
  },
  chromiumSafelistExtras: {
    what: "client hints (`DPR`, `Width`, `Save-Data`, …) need no preflight",
    show: (p) => yesNo(p.chromiumSafelistExtras),
    proof: "dom/fetch/InternalHeaders.cpp safelist has none; g189 (`dpr` not allowed by the preflight)",
    webkit: "HTTPParsers.cpp `isCrossOriginSafeRequestHeader` has none; g189 (`DPR` not allowed by the preflight)",
  },
  maxAge: {
    what: "preflight cache: default / longest Access-Control-Max-Age honoured",
    show: (p) =>
      `${p.maxAge.default} s / ${p.maxAge.cap % 3600 === 0 ? `${p.maxAge.cap / 3600} h` : `${p.maxAge.cap} s`}; ${p.maxAge.syntax === "int64" ? "`+5` read as 5, `abc` as the default" : "digits only, `+5` or `abc` stores nothing"}`,
    proof: "nsCORSListenerProxy.cpp `PREFLIGHT_DEFAULT_EXPIRY_SECONDS`, `AddResultToCache`; cache sequences c0, c5, c15",
    webkit: "CrossOriginPreflightResultCache.cpp `defaultPreflightCacheTimeout`, `maxPreflightCacheTimeout`; c0, c5",
  },
  cacheKeyOrigin: {
    what: "preflight cache keyed by",
    show: (p) => (p.cacheKeyOrigin === "initiator" ? "the page origin" : "the request origin"),
    proof: "nsCORSListenerProxy.cpp `StartCORSPreflight` looks up by the loading principal",
    webkit: "CrossOriginAccessControl.cpp `validatePreflightResponse` keys by top origin, request origin and URL",
  },
  preflightCache: {
    what: "a preflight-cache entry",
    show: (p) =>
      p.preflightCache === "chromium"
        ? "one per origin and URL, replaced by the next preflight; `*` matches, HEAD needs nothing, an `include` entry serves `omit`"
        : "one per origin, URL and credentials mode, tokens merged; `*` matches nothing, HEAD needs its own token",
    proof: "nsCORSListenerProxy.cpp `CORSCacheEntry::CheckRequest`, `AddResultToCache`; cache sequences c11, c13, c16",
  },
  rejectsMultipleAllowOriginLines: {
    what: "two Access-Control-Allow-Origin lines",
    show: (p) => (p.rejectsMultipleAllowOriginLines ? "refused as such (`CORSMultipleAllowOriginNotAllowed`)" : "combined, then mismatch"),
    proof: "nsCORSListenerProxy.cpp `CheckRequestApproved`; g106",
  },
  redirectRemovesHeaders: {
    what: "headers dropped when a redirect leaves the page's origin",
    show: (p) => (p.redirectRemovesHeaders.length === 0 ? "none" : "client hints"),
    proof: "no client hints in Gecko; redirect scenarios r0–r8",
    webkit: "no client hints in WebKit; redirect scenarios r0–r8",
  },
  requestHeaderOrder: {
    what: "header named first when several are disallowed",
    show: (p) =>
      p.requestHeaderOrder === "sorted"
        ? "first in byte order"
        : p.requestHeaderOrder === "blink-hash-map"
          ? "Blink hash-map order"
          : "WebCore's header map: known names first, then as set",
    proof: "nsCORSListenerProxy.cpp `CheckPreflightRequestApproved` walks the sorted list; header-order scenarios h0–h131",
    webkit: "CrossOriginPreflightResultCache.cpp `validateMethodAndHeaders` walks WebCore's HTTPHeaderMap; h0–h131",
  },
  ignoresRelaxedReferrerPolicyCrossSite: {
    what: "`unsafe-url`, `no-referrer-when-downgrade`, `origin-when-cross-origin` to another site",
    show: (p) => (p.ignoresRelaxedReferrerPolicyCrossSite ? "ignored (origin only, Referer written late)" : "honoured"),
    proof: "dom/security/ReferrerInfo.cpp, pref `network.http.referer.disallowCrossSiteRelaxingDefault`; rp7, rp17, rp37",
  },
  headerEntries: {
    what: "a header script sets twice",
    show: (p) => (p.headerEntries === "each" ? "each entry checked and listed (`x-dup,x-dup`)" : "one combined entry"),
    proof: "nsCORSListenerProxy.cpp collects unsafe headers per entry; g5, g22, g597",
  },
  preflightChecksMethodFirst: {
    what: "preflight checks",
    show: (p) => (p.preflightChecksMethodFirst ? "method, then Allow-Headers parsed" : "both lists parsed, then method"),
    proof: "nsCORSListenerProxy.cpp `CheckPreflightRequestApproved`; g205",
  },
  preflightStaysRequired: {
    what: "after a redirect, a request that needed a preflight",
    show: (p) => (p.preflightStaysRequired ? "preflights every cross-origin hop" : "decides again per hop"),
    proof: "nsCORSListenerProxy.cpp `AsyncOnChannelRedirect`; r16–r20",
    webkit: "DocumentThreadableLoader.cpp `redirectReceived` keeps a request that was not simple so; r16, r17, g809",
  },
  preflightOriginIgnoresTaint: {
    what: "preflight after a tainting redirect says",
    show: (p) => (p.preflightOriginIgnoresTaint ? "`Origin: <page origin>`" : "`Origin: null`"),
    proof: "nsCORSListenerProxy.cpp `StartCORSPreflight` (load principal); r17, r18, r20",
  },
  userinfoRedirectFails: {
    what: "a same-origin redirect to a URL with a username or password",
    show: (p) => (p.userinfoRedirectFails ? "fails silently" : "followed"),
    proof: "observed (nsHttpChannel follows it); r12, g73",
    webkit: "CrossOriginAccessControl.cpp `validateCrossOriginRedirectionURL` is for cross-origin redirects; g73",
  },
  redirectRestartsUrlList: {
    what: "Sec-Fetch-Site after a redirect that needs a preflight",
    show: (p) => (p.redirectRestartsUrlList ? "from the new URL only" : "from the whole redirect chain"),
    proof: "dom/security/SecFetch.cpp looks at the redirect chain; g882",
    webkit: "observed; seed 7 fg130",
  },
  noCorsTaint: {
    what: "a no-cors POST's `Origin` after a redirect",
    show: (p) => (p.noCorsTaint === "hop" ? "`null` after any cross-origin hop" : "`null` after a cross-origin hop away from another origin than the page's"),
    proof: "observed; r26, r27, g860",
    webkit: "observed; r26, r27, r25",
  },
  redirectHeadersFrom: {
    what: "script's headers on a redirected request",
    show: (p) =>
      p.redirectHeadersFrom === "request"
        ? "the fetch's own list again each hop (body headers dropped only by a method-changing redirect)"
        : "those the previous hop sent",
    proof: "dom/fetch/FetchDriver.cpp `AsyncOnChannelRedirect` → `SetRequestHeaders`; g73, g419",
  },
  refusedPreflightRedirectRechecked: {
    what: "a redirected preflight",
    show: (p) => (p.refusedPreflightRedirectRechecked ? "refused, then CORS-checked again (`Origin: null` after a change of origin)" : "refused"),
    proof: "nsCORSListenerProxy.cpp `AsyncOnChannelRedirect` sets `mOriginHeaderPrincipal` to a null principal; g47, seed 10 g703",
  },
  redirectModeCheckedFirst: {
    what: '`redirect: "error"` against a Location with a username',
    show: (p) => (p.redirectModeCheckedFirst ? "redirect mode wins (no CORS message)" : "credentials error"),
    proof: "the HTTP channel refuses the redirect before nsCORSListenerProxy sees it; seed 7 g994",
  },
  contentTypeListUnsafe: {
    what: "a Content-Type with a comma (`text/plain;a, b`)",
    show: (p) => (p.contentTypeListUnsafe ? "not safelisted" : "safelisted when the comma is in a parameter"),
    proof: "netwerk/base/nsURLHelper.cpp `net_ParseRequestContentType`; seed 9 g591, g659",
  },
  wildcardCoversAuthorization: {
    what: "`*` in Access-Control-Allow-Headers covers `Authorization` (uncredentialed)",
    show: (p) => yesNo(p.wildcardCoversAuthorization),
  },
  rangeSafelist: {
    what: "a `Range` that needs no preflight",
    show: (p) => (p.rangeSafelist === "fetch" ? "`bytes=` digits only (Fetch)" : "`bytes=` in any case, `+` signs allowed"),
    webkit: "HTTPParsers.cpp `parseRange` without whitespace; g58 (`BYTES=0-1`), g123 (`bytes=+5-`)",
  },
  removesAuthorizationOnCrossOriginRedirect: {
    what: "`Authorization` after a redirect to another origin",
    show: (p) => (p.removesAuthorizationOnCrossOriginRedirect ? "removed" : "listed in the next preflight, then cleared from the request"),
    webkit: "NetworkDataTaskSoup.cpp `continueHTTPRedirection` clears it after the page's loader counted it; r20, g199",
  },
  preflightStatusFirst: {
    what: "a preflight answered with a status that is not ok (a redirect included)",
    show: (p) =>
      p.preflightStatusFirst === true ? "reported as such, before Access-Control-Allow-Origin is looked at" : "Access-Control-Allow-Origin checked first",
    webkit: "CrossOriginAccessControl.cpp `validatePreflightResponse`; g7, g47",
  },
  corsRedirectRestart: {
    what: "a cors-mode redirect to another origin",
    show: (p) =>
      p.corsRedirectRestart === true
        ? "restarts from the fetch's own headers: no Fetch Metadata, the first hop's Referer on a new preflight, a DELETE becomes GET; one that is not simple, from the page's origin to a URL with a username, is preflighted there without it, then refused; a 307/308 sets the first request's Content-Type again"
        : "followed in place",
    webkit:
      "DocumentThreadableLoader.cpp `redirectReceived`, CrossOriginAccessControl.cpp `cleanHTTPRequestHeadersForAccessControl`, NetworkDataTaskSoup.cpp `shouldRedirectAsGET`, `continueHTTPRedirection`, NetworkLoadChecker.cpp `checkCORSRedirectedRequest`; r0, r5, r16, g196, g416, g73, seed 7 g258",
  },
  cachesRefusedPreflight: {
    what: "a preflight refused for its method or headers",
    show: (p) => (p.cachesRefusedPreflight === true ? "cached all the same (and `*` covers Authorization in the cache)" : "not cached"),
    webkit: "CrossOriginAccessControl.cpp `validatePreflightResponse` caches before it checks; c7, c10",
  },
};

/** The engines the table compares, by their newest profiled release. */
const ENGINES: readonly BrowserProfile[] = [chromium, firefox, webkit];

/** The rows for the switches on which the profiles differ, and the switches that lack a row or a source. */
export function engineTable(): { markdown: string; undocumented: string[] } {
  const [c, f, w] = ENGINES as [BrowserProfile, BrowserProfile, BrowserProfile];
  const lines = [
    "| Behaviour | Chromium | Firefox | WebKit | Gecko source, and the scenario that proves it | WebKit source, and the scenario that proves it |",
    "|---|---|---|---|---|---|",
  ];
  const undocumented: string[] = [];
  const keys = [...new Set(ENGINES.flatMap((p) => Object.keys(p)))] as (keyof BrowserProfile)[];
  for (const key of keys) {
    if (key === "name" || key === "messages" || key === "wire") continue;
    const row = ROWS[key];
    if (ENGINES.every((p) => JSON.stringify(p[key] ?? false) === JSON.stringify(c[key] ?? false))) continue;
    if (row === undefined) {
      undocumented.push(key);
      continue;
    }
    const [x, y, z] = [row.show(c), row.show(f), row.show(w)];
    if (x === y && x === z) continue;
    // The engine that differs from Chromium must say why.
    if ((y !== x && row.proof === undefined) || (z !== x && row.webkit === undefined)) undocumented.push(key);
    lines.push(`| ${row.what} | ${x} | ${y} | ${z} | ${y === x ? "" : (row.proof ?? "")} | ${z === x ? "" : (row.webkit ?? "")} |`);
  }
  lines.push(
    "| console messages | Blink's `Access to fetch at …` | `Cross-Origin Request Blocked: …` with a second `CORS request did not succeed` line after a preflight or redirect failure | the check's own sentence (`Origin … is not allowed by Access-Control-Allow-Origin. Status code: …`), `Fetch API cannot load … due to access control checks.` and `Failed to load resource: …` | dom/locales/en-US/chrome/security/security.properties; g0, g2, g49 | CrossOriginAccessControl.cpp, DocumentThreadableLoader.cpp `logErrorAndFail`; g0, g2, g7 |",
    "| preflight-cache entry for a host whose DNS-cache record is newer than the entry | used | dropped: in a fresh browser, the first lookups for an IP-literal host | used | nsCORSListenerProxy.cpp `CORSCacheEntry::CheckDNSCache`; the Firefox suite's DNS-cache primer (a fresh browser's first lookups for 127.0.0.1 usually preflight again; MOZ_LOG nsHostResolver shows why) | |",
    "| request bytes | Blink/`//net` order, client hints | Necko order, `Priority: u=4`, `Sec-Fetch-Storage-Access` on credentialed cross-site requests | libsoup's order: the names it knows first, `Host` after `Connection: Keep-Alive`, script's other headers last | netwerk/protocol/http/nsHttpChannel.cpp; every scenario | libsoup/soup-header-names.in, WebCore HTTPHeaderNames.in; every scenario |",
  );
  return { markdown: lines.join("\n"), undocumented };
}
