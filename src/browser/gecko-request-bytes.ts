/**
 * The header block Firefox (Gecko's Necko) writes for a page's fetch(), line by line. Observed on
 * Firefox ESR 153.8.0esr by the Firefox conformance suite, which compares these lines with
 * Firefox's bytes for every scenario.
 *
 * Who writes what (so the order follows):
 * 1. netwerk/protocol/http/nsHttpHandler.cpp `AddStandardRequestHeaders`, when the channel is
 *    created: `Host` (the request head), `User-Agent`, `Accept`, `Accept-Language`,
 *    `Accept-Encoding` (`br` and `zstd` only for potentially trustworthy URLs). A value script set
 *    for one of these takes that place (nsHttpHeaderArray::SetHeader replaces in place).
 * 2. dom/fetch/FetchDriver.cpp `HttpFetch`: the referrer info (`Referer`) first, then script's
 *    headers in the order script gave them, the body's `Content-Type`, and the upload stream's
 *    `Content-Length`. A request with a `Range` says `Accept-Encoding: identity` (Fetch "HTTP-network-
 *    or-cache fetch" step 20).
 * 3. nsCORSListenerProxy::UpdateChannel: `Origin`.
 * 4. nsHttpChannel / SetupTransaction: `Connection: keep-alive`, Fetch Metadata (dom/security/
 *    SecFetch.cpp, potentially trustworthy URLs only: Dest, Mode, Site), `Priority: u=4`
 *    (netwerk/protocol/http/nsHttpChannel.cpp, the fetch() urgency).
 *
 * A redirected request (nsHttpChannel::SetupReplacementChannel) copies the previous request's
 * headers and sets the referrer again, so `Referer` then follows `Origin`.
 *
 * A preflight (nsCORSListenerProxy.cpp `nsCORSPreflightListener`, StartCORSPreflight) carries the
 * standard headers, `Access-Control-Request-Method`, `Access-Control-Request-Headers`, `Referer`,
 * `Origin`, then the same trailer as an actual request.
 */
import type { HeaderBlockInput } from "./header-block-input.js";
import type { GeckoWire } from "./profiles.js";
import { isPotentiallyTrustworthy } from "./trustworthy.js";

const STANDARD = ["user-agent", "accept", "accept-language", "accept-encoding"];
/** netwerk/protocol/http/nsHttpHeaderArray.h `IsSingletonHeader` names script can set. */
const SINGLETONS = new Set(["content-type", "authorization", "if-modified-since", "if-unmodified-since", "from", "max-forwards", "user-agent"]);

/**
 * The one value Necko sends for a singleton header script gave several times: each entry is set
 * with SetRequestHeader, which replaces (nsHttpHeaderArray), so the last wins; with a body,
 * FetchDriver hands the upload stream the first Content-Type (InternalHeaders::GetFirst), which
 * then wins — on the first request only: on a redirect `SetRequestHeaders` sets the entries again
 * after the upload stream was copied, so the last wins there too. Observed: g63, g71 (no body,
 * last), g454, g870, g891 (body, first); seed 11 g759, seed 12 g466, g974 (body, redirected, last);
 * seed 11 g258, g714 (`User-Agent` twice: one line).
 */
function singletonValue(h: { value: string; entries?: readonly string[] }, lower: string, firstContentType: boolean): string {
  if (h.entries === undefined) return h.value;
  return (lower === "content-type" && firstContentType ? h.entries[0] : h.entries.at(-1)) ?? h.value;
}

/** Firefox's request lines (see the module comment); `wire` is the release's identity. */
export function geckoHeaderBlock(input: HeaderBlockInput, wire: GeckoWire): [string, string][] {
  const redirected = input.redirected === true;
  const trustworthy = isPotentiallyTrustworthy(input.url);
  const script = new Map(input.headers.map((h) => [h.name.toLowerCase(), h] as const));
  const hasRange = input.kind === "actual" && script.has("range");
  const defaults: Record<string, [string, string]> = {
    "user-agent": ["User-Agent", wire.userAgent],
    accept: ["Accept", "*/*"],
    "accept-language": ["Accept-Language", wire.acceptLanguage],
    "accept-encoding": ["Accept-Encoding", hasRange ? "identity" : trustworthy ? "gzip, deflate, br, zstd" : "gzip, deflate"],
  };
  const out: [string, string][] = [["Host", input.url.host]];
  for (const lower of STANDARD) {
    const own = input.kind === "actual" ? script.get(lower) : undefined;
    out.push(own === undefined ? defaults[lower]! : [defaults[lower]![0], SINGLETONS.has(lower) ? singletonValue(own, lower, false) : own.value]);
  }
  // A referrer the channel re-evaluates after AsyncOpen (nsHttpChannel::ReEvaluateReferrerAfterTrackingStatusIsKnown:
  // the policy was ignored, see BrowserProfile.ignoresRelaxedReferrerPolicyCrossSite) goes after Connection.
  const late = input.referrerReevaluated === true;
  const referer: [string, string][] = input.referrer === null || late ? [] : [["Referer", input.referrer]];
  // On a redirect the CORS listener sets Origin on the new channel before the copied headers go in
  // (r0, g485, g513); a same-origin hop's Origin comes from the channel itself, after the referrer (g196).
  // Outside CORS (no-cors, or the page's own origin) the channel sets Origin itself, after the
  // Storage Access header (g860).
  const channelOrigin = input.mode !== "cors" || input.secFetchSite === "same-origin";
  const originFirst = redirected && !channelOrigin;
  if (input.kind === "preflight") {
    const cors = input.headers.filter((h) => h.name.startsWith("Access-Control-Request-"));
    for (const h of cors) out.push([h.name, h.value]);
    out.push(...referer);
    const origin = input.headers.find((h) => h.name === "Origin");
    if (origin !== undefined) out.push(["Origin", origin.value]);
  } else {
    const hasBody = input.bodyLength !== undefined;
    const ct = script.get("content-type");
    const origin: [string, string][] = input.origin === null ? [] : [["Origin", input.origin]];
    // A redirected request's new channel gets the upload stream (Content-Type, Content-Length)
    // first, then the copied headers, then its referrer (nsHttpChannel::SetupReplacementChannel; g91, g34, g148).
    if (redirected && hasBody) {
      if (ct !== undefined) out.push([ct.name, singletonValue(ct, "content-type", false)]);
      out.push(["Content-Length", String(input.bodyLength)]);
    }
    if (originFirst) out.push(...origin);
    if (!redirected) out.push(...referer);
    for (const lower of input.mapOrder) {
      const h = script.get(lower);
      if (h === undefined || STANDARD.includes(lower) || lower === "content-length" || (redirected && hasBody && lower === "content-type")) continue;
      out.push([h.name, SINGLETONS.has(lower) ? singletonValue(h, lower, hasBody && !redirected) : h.value]);
    }
    if (!redirected && hasBody) out.push(["Content-Length", String(input.bodyLength)]);
    if (redirected) out.push(...referer);
    if (!originFirst && !channelOrigin) out.push(...origin);
  }
  // Storage Access headers: a credentialed cross-site request, its preflight included, says it has
  // no storage access (the page never asked), right after Origin. For a redirected request the
  // site it is decided on is fetch.ts `storageAccessSite` (observed rule, with its scenarios).
  const storageSite = input.kind === "preflight" ? input.secFetchSite : (input.storageAccessSite ?? input.secFetchSite);
  if (trustworthy && input.credentials === "include" && storageSite === "cross-site") out.push(["Sec-Fetch-Storage-Access", "none"]);
  if (input.kind === "actual" && channelOrigin && input.origin !== null) out.push(["Origin", input.origin]);
  out.push(["Connection", "keep-alive"]);
  if (late && input.referrer !== null) out.push(["Referer", input.referrer]);
  // A redirected actual request is never "same-site" in Gecko's SecFetch (observed: page → 127.0.0.1
  // on another port → cross-site, redirect scenario r0); a preflight is a fresh channel (g6).
  const site = redirected && input.kind === "actual" && input.secFetchSite === "same-site" ? "cross-site" : input.secFetchSite;
  if (trustworthy) out.push(["Sec-Fetch-Dest", "empty"], ["Sec-Fetch-Mode", input.mode], ["Sec-Fetch-Site", site]);
  out.push(["Priority", "u=4"]);
  // Fetch "HTTP-network-or-cache fetch" step 15: a conditional header makes the cache mode no-store;
  // Gecko loads with LOAD_BYPASS_CACHE and then writes these two lines, on the preflight too.
  if (input.validateCache) out.push(["Pragma", "no-cache"], ["Cache-Control", "no-cache"]);
  // nsHttpChannel::SetupTransaction: a bodiless POST or PUT says Content-Length: 0, last (h43).
  if (input.kind === "actual" && input.bodyLength === undefined && (input.method === "POST" || input.method === "PUT")) out.push(["Content-Length", "0"]);
  return out;
}
