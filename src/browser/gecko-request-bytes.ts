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
import type { HeaderBlockInput } from "./request-bytes.js";
import type { GeckoWire } from "./profiles.js";
import { isPotentiallyTrustworthy } from "./trustworthy.js";

const STANDARD = ["user-agent", "accept", "accept-language", "accept-encoding"];

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
    out.push(own === undefined ? defaults[lower]! : [defaults[lower]![0], own.value]);
  }
  const referer: [string, string][] = input.referrer === null ? [] : [["Referer", input.referrer]];
  if (input.kind === "preflight") {
    const cors = input.headers.filter((h) => h.name.startsWith("Access-Control-Request-"));
    for (const h of cors) out.push([h.name, h.value]);
    out.push(...referer);
    const origin = input.headers.find((h) => h.name === "Origin");
    if (origin !== undefined) out.push(["Origin", origin.value]);
  } else {
    if (!redirected) out.push(...referer);
    for (const lower of input.mapOrder) {
      const h = script.get(lower);
      if (h !== undefined && !STANDARD.includes(lower) && lower !== "content-length") out.push([h.name, h.value]);
    }
    if (input.bodyLength !== undefined) out.push(["Content-Length", String(input.bodyLength)]);
    if (input.origin !== null) out.push(["Origin", input.origin]);
    if (redirected) out.push(...referer);
  }
  out.push(["Connection", "keep-alive"]);
  if (trustworthy) out.push(["Sec-Fetch-Dest", "empty"], ["Sec-Fetch-Mode", input.mode], ["Sec-Fetch-Site", input.secFetchSite]);
  out.push(["Priority", "u=4"]);
  return out;
}
