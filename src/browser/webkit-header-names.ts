/**
 * The header names WebKitGTK's two header maps know, with their spelling. Both maps keep known
 * ("common") names apart from the others and iterate them first, and both write a known name in
 * their own spelling whatever the case script used: WebCore's HTTPHeaderMap
 * (Source/WebCore/platform/network/HTTPHeaderNames.in) decides the order the preflight check meets
 * script's headers and the name its console message prints (`authorization` is reported as
 * `Authorization`); libsoup's SoupMessageHeaders (libsoup/soup-header-names.in) decides the order
 * and spelling on the wire (webkit-request-bytes.ts).
 */

/** Script-settable names of HTTPHeaderNames.in (the ones a fetch() can carry), as WebCore spells them. */
const WEBCORE_COMMON = [
  "Accept",
  "Accept-Charset",
  "Accept-Language",
  "Accept-Encoding",
  "Access-Control-Request-Headers",
  "Access-Control-Request-Method",
  "Authorization",
  "Cache-Control",
  "Connection",
  "Content-Language",
  "Content-Length",
  "Content-Type",
  "Content-Range",
  "Cookie",
  "Cookie2",
  "Date",
  "DNT",
  "ETag",
  "Expect",
  "Host",
  "If-Match",
  "If-Modified-Since",
  "If-None-Match",
  "If-Range",
  "If-Unmodified-Since",
  "Keep-Alive",
  "Last-Event-ID",
  "Origin",
  "Ping-From",
  "Ping-To",
  "Purpose",
  "Pragma",
  "Range",
  "Referer",
  "Sec-Fetch-Dest",
  "Sec-Fetch-Mode",
  "Sec-Fetch-Site",
  "TE",
  "Trailer",
  "Transfer-Encoding",
  "Upgrade",
  "Upgrade-Insecure-Requests",
  "User-Agent",
  "Via",
  "X-Content-Type-Options",
  "X-DNS-Prefetch-Control",
  "X-Frame-Options",
  "X-XSS-Protection",
];

/** Request-side names of libsoup/soup-header-names.in, as libsoup spells them. */
const LIBSOUP_COMMON = [
  "Accept",
  "Accept-Charset",
  "Accept-Language",
  "Accept-Encoding",
  "Access-Control-Request-Headers",
  "Access-Control-Request-Method",
  "Authorization",
  "Cache-Control",
  "Connection",
  "Content-Disposition",
  "Content-Encoding",
  "Content-Language",
  "Content-Length",
  "Content-Location",
  "Content-Type",
  "Content-Range",
  "Cookie",
  "Cookie2",
  "Date",
  "DNT",
  "ETag",
  "Expect",
  "Host",
  "If-Match",
  "If-Modified-Since",
  "If-None-Match",
  "If-Range",
  "If-Unmodified-Since",
  "Keep-Alive",
  "Last-Event-ID",
  "Link",
  "Origin",
  "Ping-From",
  "Ping-To",
  "Purpose",
  "Pragma",
  "Range",
  "Referer",
  "Referrer-Policy",
  "TE",
  "Trailer",
  "Transfer-Encoding",
  "Upgrade",
  "Upgrade-Insecure-Requests",
  "User-Agent",
  "Via",
  "X-Content-Type-Options",
  "X-DNS-Prefetch-Control",
  "X-Frame-Options",
  "X-XSS-Protection",
  "X-Temp-Tablet",
];

const byLower = (names: readonly string[]) => new Map(names.map((n) => [n.toLowerCase(), n] as const));
const WEBCORE = byLower(WEBCORE_COMMON);
const LIBSOUP = byLower(LIBSOUP_COMMON);

/** WebCore's spelling of a request header name, or null when HTTPHeaderNames.in does not list it. */
export function webcoreCommonName(name: string): string | null {
  return WEBCORE.get(name.toLowerCase()) ?? null;
}

/** libsoup's spelling of a request header name, or null when soup-header-names.in does not list it. */
export function libsoupCommonName(name: string): string | null {
  return LIBSOUP.get(name.toLowerCase()) ?? null;
}

/**
 * Headers in HTTPHeaderMap order: the names WebCore knows first, then the others, each group in the
 * order they were set. The preflight check (CrossOriginPreflightResultCacheItem::validateMethodAndHeaders)
 * reports the first disallowed header in this order.
 */
export function webcoreHeaderMapOrder<T extends { readonly name: string }>(headers: readonly T[]): T[] {
  return [...headers.filter((h) => webcoreCommonName(h.name) !== null), ...headers.filter((h) => webcoreCommonName(h.name) === null)];
}
