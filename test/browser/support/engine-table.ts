/**
 * The README's "where the engines differ" table, generated from the profiles: one row per profile
 * switch on which the newest Chromium and Firefox profiles differ, with the Gecko source and the
 * conformance scenario that proves Firefox's side. A switch that differs but has no row here fails
 * the README test, so a new difference cannot go undocumented.
 */
import { type BrowserProfile, chromium, firefox } from "../../../src/browser/index.js";

interface Row {
  /** What the switch decides, in a few words. */
  readonly what: string;
  /** How a profile's value reads in the table. */
  readonly show: (p: BrowserProfile) => string;
  /** Gecko source and the scenario (conformance suite, seed 20260521) that shows Firefox's side. */
  readonly proof: string;
}

const yesNo = (v: boolean) => (v ? "yes" : "no");

/** Rows by profile switch (keys of BrowserProfile except `name`, `messages` and `wire`, listed separately). */
const ROWS: Partial<Record<keyof BrowserProfile, Row>> = {
  extraForbiddenRequestHeaders: {
    what: "script may set `User-Agent`",
    show: (p) => yesNo(!p.extraForbiddenRequestHeaders.includes("user-agent")),
    proof: "Fetch's forbidden list; header-order scenario h9 (`user-agent` in Access-Control-Request-Headers)",
  },
  chromiumSafelistExtras: {
    what: "client hints (`DPR`, `Width`, `Save-Data`, …) need no preflight",
    show: (p) => yesNo(p.chromiumSafelistExtras),
    proof: "dom/fetch/InternalHeaders.cpp safelist has none; g189 (`dpr` not allowed by the preflight)",
  },
  maxAge: {
    what: "preflight cache (default / longest Access-Control-Max-Age honoured)",
    show: (p) => (p.maxAge.cap === 0 ? "never answers from it" : `${p.maxAge.default} s / ${p.maxAge.cap} s`),
    proof: "observed, not explained by nsPreflightCache: cache sequences c0, c5, c6, c8, c11, c13 preflight again",
  },
  cacheKeyOrigin: {
    what: "preflight cache keyed by",
    show: (p) => (p.cacheKeyOrigin === "initiator" ? "the page origin" : "the request origin"),
    proof: "nsPreflightCache keys by the principal (moot while no entry is used)",
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
  },
  requestHeaderOrder: {
    what: "header named first when several are disallowed",
    show: (p) => (p.requestHeaderOrder === "sorted" ? "first in byte order" : "Blink hash-map order"),
    proof: "nsCORSListenerProxy.cpp `CheckPreflightRequestApproved` walks the sorted list; header-order scenarios h0–h131",
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
  },
  redirectRestartsUrlList: {
    what: "Sec-Fetch-Site after a redirect that needs a preflight",
    show: (p) => (p.redirectRestartsUrlList ? "from the new URL only" : "from the whole redirect chain"),
    proof: "dom/security/SecFetch.cpp looks at the redirect chain; g882",
  },
  noCorsTaint: {
    what: "a no-cors POST's `Origin` after a redirect",
    show: (p) => (p.noCorsTaint === "hop" ? "`null` after any cross-origin hop" : "`null` after a cross-origin hop away from another origin than the page's"),
    proof: "observed; r26, r27, g860",
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
};

/** The rows for the switches on which the two profiles differ, and the switches that lack a row. */
export function engineTable(a: BrowserProfile = chromium, b: BrowserProfile = firefox): { markdown: string; undocumented: string[] } {
  const lines = ["| Behaviour | Chromium | Firefox | Gecko source, and the scenario that proves it |", "|---|---|---|---|"];
  const undocumented: string[] = [];
  for (const key of Object.keys(a) as (keyof BrowserProfile)[]) {
    if (key === "name" || key === "messages" || key === "wire") continue;
    if (JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
    const row = ROWS[key];
    if (row === undefined) {
      undocumented.push(key);
      continue;
    }
    const [x, y] = [row.show(a), row.show(b)];
    // Two switches can differ while the behaviour a reader sees does not (none today); skip those.
    if (x !== y) lines.push(`| ${row.what} | ${x} | ${y} | ${row.proof} |`);
  }
  lines.push(
    "| console messages | Blink's `Access to fetch at …` | `Cross-Origin Request Blocked: …` with a second `CORS request did not succeed` line after a preflight or redirect failure | dom/locales/en-US/chrome/security/security.properties; g0, g2, g49 |",
    "| request bytes | Blink/`//net` order, client hints | Necko order, `Priority: u=4`, `Sec-Fetch-Storage-Access` on credentialed cross-site requests | netwerk/protocol/http/nsHttpChannel.cpp; every scenario |",
  );
  return { markdown: lines.join("\n"), undocumented };
}
