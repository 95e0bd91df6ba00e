/** Fetch "Headers": name tables shared by the policy and the browser model. Names are lower-case. */

const FORBIDDEN_REQUEST_HEADER_NAMES: ReadonlySet<string> = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);

/**
 * Fetch "forbidden request-header" by name alone: the fixed list plus any `proxy-` or `sec-` prefix.
 * (The X-HTTP-Method(-Override) family is forbidden only for some values; that value test is the
 * browser model's business.) Script can never set these, so a server never needs to allow them.
 */
export function isForbiddenRequestHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_REQUEST_HEADER_NAMES.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-");
}

/** The header names whose method value can make them forbidden (Fetch "forbidden request-header" step 2). */
export const METHOD_OVERRIDE_HEADER_NAMES: ReadonlySet<string> = new Set(["x-http-method", "x-http-method-override", "x-method-override"]);

/** Fetch "forbidden response-header name": never readable by script, whatever is exposed. */
export function isForbiddenResponseHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === "set-cookie" || lower === "set-cookie2";
}

/** Fetch "CORS-safelisted response-header name": readable by script without being exposed. */
export const CORS_SAFELISTED_RESPONSE_HEADER_NAMES: ReadonlySet<string> = new Set([
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma",
]);

/** Fetch "CORS non-wildcard request-header name": `*` in Access-Control-Allow-Headers never covers it. */
export const CORS_NON_WILDCARD_REQUEST_HEADER_NAME = "authorization";
