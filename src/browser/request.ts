/**
 * Fetch "Request class" constructor and the start of the "fetch method": what the browser does
 * with `fetch(url, init)` before any network use. Errors thrown here are the TypeErrors fetch()
 * rejects with; their text is Chromium's (third_party/blink/renderer/core/fetch/request.cc,
 * fetch_manager.cc).
 */
import { webcoreHeaderMapOrder } from "./webkit-header-names.js";
import { isForbiddenRequestHeaderName, METHOD_OVERRIDE_HEADER_NAMES } from "../protocol/headers.js";
import { isCorsSafelistedMethod, isForbiddenMethod, normalizeMethod } from "../protocol/methods.js";
import { isToken } from "../protocol/token.js";
import { blinkHeaderMapNames, blinkHeaderOrder } from "./blink-header-order.js";
import { isCorsSafelistedRequestHeader } from "./needs-preflight.js";
import type { BrowserProfile } from "./profiles.js";
import { REFERRER_POLICIES, type ReferrerPolicy } from "./referrer-policy.js";
import type { BodyDescriptor, BrowserRequest, CredentialsMode, RedirectMode, RequestBody, RequestHeader, RequestMode } from "./types.js";

export type { RequestHeader } from "./types.js";

/** A request after construction: normalised method, filtered headers, implicit Content-Type. */
export interface ConstructedRequest {
  readonly url: URL;
  /** The page origin, serialised, or "null". */
  readonly origin: string;
  readonly method: string;
  readonly headers: readonly RequestHeader[];
  readonly body: RequestBody | null;
  readonly mode: RequestMode;
  readonly credentials: CredentialsMode;
  readonly redirect: RedirectMode;
  /** The page's URL, sent as `Referer` under {@link ConstructedRequest.referrerPolicy}. */
  readonly referrer: string;
  readonly referrerPolicy: ReferrerPolicy;
  /** Fetch "use-CORS-preflight flag" (set for streaming bodies and XHR upload listeners; never by fetch() with these body kinds). */
  readonly useCorsPreflight: boolean;
  /** Lower-case names script set that the browser silently dropped. */
  readonly droppedHeaders: readonly string[];
}

/** The TypeError fetch() rejects with when a request cannot be constructed. */
export class RequestConstructionError extends TypeError {
  override readonly name = "TypeError";
}

const PREFIX = "Failed to execute 'fetch' on 'Window': ";

function fail(text: string): never {
  throw new RequestConstructionError(PREFIX + text);
}

/** Fetch "normalize" a header value: strip leading and trailing HTTP whitespace. */
function normalizeValue(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}

/**
 * Fetch "forbidden request-header" (name and value) for a profile: the fixed list, `proxy-`/`sec-`
 * prefixes, the profile's extras (Chromium: User-Agent), and X-HTTP-Method(-Override)/X-Method-Override
 * whose comma-separated values name a forbidden method.
 */
export function isForbiddenRequestHeader(name: string, value: string, profile: BrowserProfile): boolean {
  const lower = name.toLowerCase();
  if (isForbiddenRequestHeaderName(lower) || profile.extraForbiddenRequestHeaders.includes(lower)) return true;
  if (METHOD_OVERRIDE_HEADER_NAMES.has(lower)) {
    return value.split(",").some((m) => isForbiddenMethod(m.replace(/^[\t ]+|[\t ]+$/g, "")));
  }
  return false;
}

function headerEntries(headers: BrowserRequest["headers"]): (readonly [string, string])[] {
  if (headers === undefined) return [];
  return Array.isArray(headers) ? [...(headers as readonly (readonly [string, string])[])] : Object.entries(headers as Record<string, string>);
}

function isDescriptor(body: RequestBody): body is BodyDescriptor {
  return typeof body === "object" && body !== null && "kind" in body && typeof (body as BodyDescriptor).kind === "string";
}

/**
 * The Content-Type Fetch "extract a body" sets (only when the request has none): string →
 * text/plain;charset=UTF-8, URLSearchParams → application/x-www-form-urlencoded;charset=UTF-8,
 * FormData → multipart/form-data with a boundary, Blob → its non-empty type, bytes → none.
 */
export function implicitContentType(body: RequestBody): string | undefined {
  if (typeof body === "string") return "text/plain;charset=UTF-8";
  if (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams) return "application/x-www-form-urlencoded;charset=UTF-8";
  if (typeof FormData !== "undefined" && body instanceof FormData) return "multipart/form-data; boundary=----WebKitFormBoundarycorsproof0000";
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.type === "" ? undefined : body.type;
  if (!isDescriptor(body)) return undefined;
  switch (body.kind) {
    case "text":
      return "text/plain;charset=UTF-8";
    case "urlencoded":
      return "application/x-www-form-urlencoded;charset=UTF-8";
    case "formdata":
      return "multipart/form-data; boundary=----WebKitFormBoundarycorsproof0000";
    case "blob":
      return body.type === undefined || body.type === "" ? undefined : body.type.toLowerCase();
    case "bytes":
      return undefined;
  }
}

/** Fetch "Headers/append" guard "request-no-cors": only no-CORS-safelisted request-headers are kept. */
function isNoCorsSafelisted(lower: string, value: string, profile: BrowserProfile): boolean {
  return ["accept", "accept-language", "content-language", "content-type"].includes(lower) && isCorsSafelistedRequestHeader(lower, value, profile);
}

/** Serialises the page origin the way `Origin` carries it; "null" for opaque origins. */
function pageOrigin(origin: string): string {
  if (origin === "null") return origin;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new TypeError(`corsproof: the page origin ${JSON.stringify(origin)} is not a URL`);
  }
  return parsed.origin;
}

/** The page's URL: `referrer` when it belongs to the page origin, else the origin's root. */
function pageUrl(referrer: string | undefined, origin: string): string {
  if (referrer === undefined) return `${origin}/`;
  let parsed: URL;
  try {
    parsed = new URL(referrer);
  } catch {
    throw new TypeError(`corsproof: the page URL ${JSON.stringify(referrer)} is not a URL`);
  }
  if (parsed.origin !== origin) throw new TypeError(`corsproof: the page URL ${referrer} is not on the page origin ${origin}`);
  return parsed.href;
}

/**
 * Runs the Request constructor and fetch()'s early checks. Throws {@link RequestConstructionError}
 * with Chromium's text for what fetch() rejects before the network (R2.x); never throws for CORS.
 */
export function constructRequest(input: BrowserRequest, profile: BrowserProfile): ConstructedRequest {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    fail(`Failed to parse URL from ${input.url}`);
  }
  if (url.username !== "" || url.password !== "") fail(`Request cannot be constructed from a URL that includes credentials: ${input.url}`);
  url.hash = "";
  const rawMethod = input.method ?? "GET";
  if (!isToken(rawMethod)) fail(`'${rawMethod}' is not a valid HTTP method.`);
  if (isForbiddenMethod(rawMethod)) fail(`'${rawMethod}' HTTP method is unsupported.`);
  const method = normalizeMethod(rawMethod);
  const mode = input.mode ?? "cors";
  if (mode === "no-cors" && !isCorsSafelistedMethod(method)) fail(`'${method}' is unsupported in no-cors mode.`);

  const headers: { name: string; value: string; entries?: string[] }[] = [];
  const dropped: string[] = [];
  for (const [name, rawValue] of headerEntries(input.headers)) {
    const value = normalizeValue(rawValue);
    if (!isToken(name)) fail(`Failed to read the 'headers' property from 'RequestInit': Invalid name`);
    if (/[\0\r\n]/.test(value)) fail(`Failed to read the 'headers' property from 'RequestInit': Invalid value`);
    if (isForbiddenRequestHeader(name, value, profile)) {
      dropped.push(name.toLowerCase());
      continue;
    }
    const lower = name.toLowerCase();
    const existing = headers.find((h) => h.name.toLowerCase() === lower);
    const combined = existing === undefined ? value : `${existing.value}, ${value}`;
    if (mode === "no-cors" && !isNoCorsSafelisted(lower, combined, profile)) {
      dropped.push(lower);
      continue;
    }
    if (existing === undefined) headers.push({ name, value });
    else {
      existing.entries = [...(existing.entries ?? [existing.value]), value];
      existing.value = combined;
    }
  }

  const body = input.body ?? null;
  if (body !== null) {
    if (method === "GET" || method === "HEAD") fail("Request with GET/HEAD method cannot have body.");
    // The implicit Content-Type is appended through the same guard: in no-cors mode a Blob's
    // `application/json` type is dropped (observed on Chromium 156).
    const type = implicitContentType(body);
    if (type !== undefined && !headers.some((h) => h.name.toLowerCase() === "content-type")) {
      // WebKit sets the body's type without the no-cors guard (FetchBodyOwner::extract; g518).
      if (mode !== "no-cors" || profile.corsRedirectRestart === true || isNoCorsSafelisted("content-type", type, profile))
        headers.push({ name: "Content-Type", value: type });
      else dropped.push("content-type");
    }
  }

  const origin = pageOrigin(input.origin);
  const referrerPolicy = input.referrerPolicy ?? "strict-origin-when-cross-origin";
  if (!REFERRER_POLICIES.includes(referrerPolicy))
    fail(
      `Failed to read the 'referrerPolicy' property from 'RequestInit': The provided value '${referrerPolicy}' is not a valid enum value of type ReferrerPolicy.`,
    );
  return {
    url,
    origin,
    referrer: pageUrl(input.referrer, origin),
    referrerPolicy,
    method,
    headers,
    body,
    mode,
    credentials: input.credentials ?? "same-origin",
    redirect: input.redirect ?? "follow",
    useCorsPreflight: false,
    droppedHeaders: dropped,
  };
}

/**
 * The lower-case names of the request's header map in the order the network service holds them,
 * with the ones the browser adds (Chromium: client hints and User-Agent); see request-bytes.ts.
 */
export function networkHeaderMapNames(headers: readonly RequestHeader[], url: URL, profile: BrowserProfile): string[] {
  const names = headers.map((h) => h.name.toLowerCase());
  if (profile.requestHeaderOrder === "blink-hash-map") return blinkHeaderMapNames(names, url);
  // Gecko writes script's headers in the order script gave them (FetchDriver::HttpFetch); so does
  // WebKit, within its own grouping (webkit-request-bytes.ts).
  if (profile.wire?.engine === "gecko" || profile.wire?.engine === "webkit") return [...new Set(names)];
  return [...new Set(names)].sort();
}

/**
 * Script's request headers in the order the browser's network layer holds them, which is the order
 * its preflight check meets them (see {@link BrowserProfile.requestHeaderOrder}). Computed once,
 * for the request's first URL: later hops keep this order and only lose headers.
 */
export function networkHeaderOrder<T extends RequestHeader>(headers: readonly T[], url: URL, profile: BrowserProfile): T[] {
  if (profile.requestHeaderOrder === "blink-hash-map") return blinkHeaderOrder(headers, url);
  if (profile.requestHeaderOrder === "webcore-header-map") return webcoreHeaderMapOrder(headers);
  const lower = (h: T) => h.name.toLowerCase();
  return [...headers].sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0));
}
