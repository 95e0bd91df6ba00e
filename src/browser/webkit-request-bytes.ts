/**
 * The header block WebKitGTK writes for a page's fetch(), line by line. Observed on WebKitGTK 2.50.6
 * (libsoup 3.2) by the WebKit conformance suite, which compares these lines with WebKit's bytes for
 * every scenario.
 *
 * Two maps decide the order:
 * 1. WebCore's request header map (Source/WebCore/platform/network/HTTPHeaderMap.h) keeps the names
 *    of HTTPHeaderNames.in ("common") apart from the others and iterates the common ones first, each
 *    group in insertion order. Script's headers go in first (FetchRequest), then the loader's:
 *    `Origin` (CrossOriginAccessControl.cpp `updateRequestForAccessControl`, CORS requests only),
 *    `Referer`, `Accept: *\/*` (unless script set Accept), `Origin` for a request outside CORS
 *    that carries one, `User-Agent` (unless script set it), then Fetch Metadata.
 * 2. libsoup's SoupMessageHeaders (libsoup/soup-message-headers.c) does the same with its own list
 *    (libsoup/soup-header-names.in, which has no `Sec-Fetch-*`), writes its "common" names first,
 *    and adds its own as the request is queued and written: the body's `Content-Length`,
 *    `Accept-Encoding` (`identity` for a request with a Range), `Accept-Language` (unless script set
 *    it), `Connection: Keep-Alive`, `Host`, and `Content-Length: 0` for a bodiless POST.
 * So script's headers that libsoup knows come first, its others last, after Fetch Metadata.
 *
 * A preflight (CrossOriginAccessControl.cpp `createAccessControlPreflightRequest`) carries `Origin`,
 * `Access-Control-Request-Method`, `Referer`, `Access-Control-Request-Headers`, then the request's
 * own `User-Agent` (script's when it set one), `Accept: *\/*`, libsoup's lines and Fetch Metadata in
 * the order Mode, Dest, Site. Fetch Metadata only for potentially trustworthy URLs, as in Chromium.
 */
import type { HeaderBlockInput } from "./header-block-input.js";
import type { WebKitWire } from "./profiles.js";
import { isPotentiallyTrustworthy } from "./trustworthy.js";
import type { RequestHeader as Header } from "./types.js";
import { libsoupCommonName, webcoreCommonName } from "./webkit-header-names.js";

/** WebKitGTK's request lines (see the module comment); `wire` is the release's identity. */
export function webkitHeaderBlock(input: HeaderBlockInput, wire: WebKitWire): [string, string][] {
  const trustworthy = isPotentiallyTrustworthy(input.url);
  const known: [string, string][] = [];
  const unknown: [string, string][] = [];
  const put = (name: string, value: string) => {
    const soupName = libsoupCommonName(name);
    if (soupName !== null) known.push([soupName, value]);
    else unknown.push([webcoreCommonName(name) ?? name, value]);
  };
  const referer = () => {
    if (input.referrer !== null) put("Referer", input.referrer);
  };
  const metadata = (order: readonly ("Dest" | "Mode" | "Site")[]) => {
    const values = { Dest: "empty", Mode: input.mode, Site: input.secFetchSite };
    for (const k of order) put(`Sec-Fetch-${k}`, values[k]);
  };
  const soup = (hasRange: boolean, scriptLanguage: boolean) => {
    if (!hasRange) put("Accept-Encoding", "gzip, deflate");
    if (!scriptLanguage) put("Accept-Language", wire.acceptLanguage);
    put("Connection", "Keep-Alive");
    put("Host", input.url.host);
  };

  if (input.kind === "preflight") {
    const cors = (name: string) => input.headers.find((h) => h.name === name);
    for (const name of ["Origin", "Access-Control-Request-Method"]) {
      const h = cors(name);
      if (h !== undefined) put(h.name, h.value);
    }
    referer();
    const acrh = cors("Access-Control-Request-Headers");
    if (acrh !== undefined) put(acrh.name, acrh.value);
    put("User-Agent", input.scriptUserAgent ?? wire.userAgent);
    put("Accept", "*/*");
    soup(false, false);
    if (trustworthy) metadata(["Mode", "Dest", "Site"]);
    return [...known, ...unknown];
  }

  const script = new Map(input.headers.map((h) => [h.name.toLowerCase(), h] as const));
  const redirected = input.redirected === true;
  const reset = input.userAgentReset === true;
  const scriptHeaders = input.mapOrder.map((lower) => script.get(lower)).filter((h): h is Header => h !== undefined);
  // A redirect clears User-Agent and sets the default again after the loader's own lines
  // (NetworkDataTaskSoup::continueHTTPRedirection; g73: script's value is gone).
  const late = (h: Header) =>
    (redirected && h.name.toLowerCase() === "user-agent") || (input.contentTypeLate === true && h.name.toLowerCase() === "content-type");
  for (const h of scriptHeaders) if (libsoupCommonName(h.name) !== null && !late(h)) put(h.name, h.value);
  const accept = () => {
    if (!script.has("accept")) put("Accept", "*/*");
  };
  const origin = () => {
    if (input.origin !== null) put("Origin", input.origin);
  };
  if (input.restarted === true) {
    // cleanHTTPRequestHeadersForAccessControl kept Accept and removed Origin and Referer, which
    // updateRequestForAccessControl and the referrer policy then set again (r0, r2, r5).
    accept();
    origin();
    referer();
  } else if (input.mode === "cors" && input.secFetchSite !== "same-origin") {
    origin();
    referer();
    accept();
  } else {
    referer();
    accept();
    origin();
  }
  // A Content-Type a 307/308 set again joined WebCore's map after the loader's lines (g73).
  const restoredType = input.contentTypeLate === true ? script.get("content-type") : undefined;
  if (restoredType !== undefined) put(restoredType.name, restoredType.value);
  // The restart's cleaning removed the `identity` WebCore set for a Range, and nothing sets it again (eg114).
  const hasRange = script.has("range") && input.restarted !== true;
  if (!reset && !(script.has("user-agent") && !redirected)) put("User-Agent", wire.userAgent);
  // Fetch "HTTP-network-or-cache fetch" step 20: WebCore says `identity` itself for a request with a
  // Range, before libsoup writes the body's length (g105); otherwise libsoup's decoder adds its list after it.
  if (hasRange) put("Accept-Encoding", "identity");
  if (reset) put("User-Agent", wire.userAgent);
  // A conditional request revalidates (Fetch "HTTP-network-or-cache fetch" step 15): WebKit's cache
  // policy ReloadIgnoringCacheData writes these two lines (h43, h81).
  if (input.validateCache) {
    put("Pragma", "no-cache");
    put("Cache-Control", "no-cache");
  }
  if (input.bodyLength !== undefined) put("Content-Length", String(input.bodyLength));
  soup(hasRange, script.has("accept-language"));
  if (input.bodyLength === undefined && (input.method === "POST" || input.method === "PUT")) put("Content-Length", "0");
  // The restarted load's cleaning removed Fetch Metadata, and nothing sets it again (r0, r5).
  if (trustworthy && input.restarted !== true) metadata(["Dest", "Mode", "Site"]);
  // Script's headers neither map knows come last: after the Fetch Metadata WebCore's map holds as
  // common names, which libsoup writes after its own.
  for (const h of scriptHeaders) if (libsoupCommonName(h.name) === null) put(h.name, h.value);
  return [...known, ...unknown];
}
