/**
 * Fetch "HTTP-redirect fetch" as Chromium runs it for CORS requests
 * (services/network/cors/cors_url_loader.cc `OnReceiveRedirect`, `CheckRedirectLocation`,
 * `CheckTainted`; net/url_request/redirect_util.cc, redirect_info.cc).
 */
import type { BrowserProfile } from "./profiles.js";
import type { RequestHeader, WireResponse } from "./types.js";

/** Fetch step 8 / Chromium: the 21st redirect is a network error (ERR_TOO_MANY_REDIRECTS). */
export const MAX_REDIRECTS = 20;

/** Fetch "redirect status". */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The redirect target of a response: null when it is not a redirect (not a redirect status, or no
 * non-empty Location — net::HttpResponseHeaders::IsRedirect), `invalid` when the Location does not
 * resolve to an http(s) URL (net refuses to follow it).
 */
export function redirectTarget(response: WireResponse, base: URL): URL | "invalid" | null {
  if (!isRedirectStatus(response.status)) return null;
  const location = response.headers.find(([name, value]) => name.toLowerCase() === "location" && value.trim() !== "");
  if (location === undefined) return null;
  try {
    const url = new URL(location[1].trim(), base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return "invalid";
    return url;
  } catch {
    return "invalid";
  }
}

/**
 * The method after a redirect (net::RedirectInfo `ComputeMethodForRedirect`): 303 turns everything
 * but HEAD into GET; 301 and 302 turn POST into GET; 307/308 keep the method.
 */
export function redirectMethod(status: number, method: string): string {
  if (status === 303 && method !== "HEAD") return "GET";
  if ((status === 301 || status === 302) && method === "POST") return "GET";
  return method;
}

/** Fetch "request-body-header name": removed when a redirect changes the method (redirect_util.cc). */
export const REQUEST_BODY_HEADER_NAMES: ReadonlySet<string> = new Set(["content-encoding", "content-language", "content-location", "content-type"]);

/** The serialised origin of an http(s) URL. */
export function originOf(url: URL): string {
  return url.origin;
}

/**
 * Fetch "redirect-taint" / Chromium `CheckTainted`: a hop from `from` to `to` taints the request when
 * it changes origin and the page origin differs from `from`'s origin. Tainted requests send `Origin: null`.
 */
export function taints(from: URL, to: URL, pageOrigin: string): boolean {
  return originOf(from) !== originOf(to) && pageOrigin !== originOf(from);
}

/**
 * Chromium `CheckRedirectLocation` (Fetch "HTTP-redirect fetch" steps 9–10), for mode `cors` only: a
 * Location with userinfo fails when the request is tainted, when it points away from the page
 * origin, or when the CORS flag is set.
 */
export function redirectHasForbiddenCredentials(to: URL, pageOrigin: string, corsFlag: boolean, tainted: boolean): boolean {
  if (to.username === "" && to.password === "") return false;
  return tainted || pageOrigin !== originOf(to) || corsFlag;
}

/** What a redirect changes of the request in flight. */
export interface RedirectingRequest {
  url: URL;
  method: string;
  headers: RequestHeader[];
  body: Uint8Array | undefined;
  tainted: boolean;
  /** The fetch's own header list in network order and its method, which Gecko applies again on every redirect (BrowserProfile.redirectHeadersFrom). */
  readonly requestHeaders: readonly RequestHeader[];
  readonly requestMethod: string;
  /** WebKit: this hop restarted as a CORS request (BrowserProfile.corsRedirectRestart). */
  restarted?: boolean;
  /** True once a hop of the request needed a preflight. */
  readonly preflighted?: boolean;
  /** WebKit: the last hop sent Origin, which a redirect within one origin keeps. */
  originKept?: boolean;
  /** WebKit: the request goes without its request-body headers, which its preflight still counts. */
  bodyHeadersCleared?: boolean;
  /** WebKit: a redirect changed host or port, so actual requests carry no Authorization from then on. */
  authorizationCleared?: boolean;
  /**
   * WebKit: the Content-Type the network process's load started with, which a 307 or 308 sets
   * again (`followWebKitRedirect`); undefined until a restart, meaning the fetch's own.
   */
  loadContentType?: RequestHeader | null;
  /** WebKit: the request's Content-Type was set again by a 307/308, after the loader's own lines. */
  contentTypeLate?: boolean;
}

/**
 * WebKitGTK's method for a redirected request (Source/WebKit/NetworkProcess/soup/NetworkDataTaskSoup.cpp
 * `shouldRedirectAsGET`): as Fetch, and a DELETE becomes GET on any redirect to another host or
 * port, whatever the status (g196).
 */
export function webkitRedirectMethod(status: number, method: string, crossOrigin: boolean): string {
  if (method === "GET" || method === "HEAD") return method;
  if (status === 303 || ((status === 301 || status === 302) && method === "POST") || (crossOrigin && method === "DELETE")) return "GET";
  return method;
}

/** The Content-Type line of a header list. */
function contentTypeOf(headers: readonly RequestHeader[]): RequestHeader | undefined {
  return headers.find((h) => h.name.toLowerCase() === "content-type");
}

/**
 * WebKit's redirect (see BrowserProfile.corsRedirectRestart). NetworkDataTaskSoup::continueHTTPRedirection
 * turns the method to GET (dropping the body and Content-Type only) and, on a redirect to another
 * host or port, clears Authorization; a cors-mode redirect to another origin, or of a request that
 * was preflighted, is then restarted by DocumentThreadableLoader::redirectReceived from the fetch's own header list, Content-Type
 * and Authorization included (r16: a PUT turned GET by a 303 still preflights for its Content-Type;
 * r20: Authorization is listed in the new preflight, yet the request goes without it).
 */
function followWebKitRedirect(request: RedirectingRequest, target: URL, status: number, cors: boolean): void {
  const hostChange = originOf(request.url) !== originOf(target);
  const method = webkitRedirectMethod(status, request.method, hostChange);
  if (method !== request.method) request.body = undefined;
  if (hostChange) {
    request.authorizationCleared = true;
    request.originKept = false;
  }
  // A cors-mode redirect to another origin restarts the load in the page's loader (r0, r2, r5); one
  // within an origin is followed in the network process, as is (r7, r14, r32; g513 after a preflight).
  request.restarted = cors && hostChange;
  // Both go on from the fetch's own header list when they preflight again — on a restart, or when a
  // redirect changes the method of a preflighted request (r16, g908) — and Fetch's rule on the
  // method of the hop decides whether the request keeps the request-body headers (g416, g908: not
  // after a 303; g196: a DELETE the network turned GET keeps them; seed 7 g136: a 303 of a GET keeps
  // them), while the preflight still counts them (r16). A hop followed as is sends what the page's
  // loader holds (seed 7 g426: a Content-Type one hop went without comes back).
  const stripBodyHeaders = redirectMethod(status, request.method) !== request.method;
  if (request.restarted || (cors && request.preflighted === true && method !== request.method)) {
    request.headers = [...request.requestHeaders];
    request.bodyHeadersCleared = stripBodyHeaders;
    // A new load in the network process, whose first request is this one.
    request.loadContentType = stripBodyHeaders ? null : (contentTypeOf(request.headers) ?? null);
    request.contentTypeLate = false;
  } else {
    if (stripBodyHeaders) request.headers = request.headers.filter((h) => !REQUEST_BODY_HEADER_NAMES.has(h.name.toLowerCase()));
    request.bodyHeadersCleared = false;
    // NetworkDataTaskSoup::continueHTTPRedirection: a 307 or 308 sets the Content-Type of the load's
    // first request again, also on a request an earlier 303 turned GET (g73: POST, 303, then 307
    // sends the GET with it, after Origin; a 302 of that GET does not).
    const first = request.loadContentType === undefined ? contentTypeOf(request.requestHeaders) : request.loadContentType;
    if ((status === 307 || status === 308) && first != null && contentTypeOf(request.headers) === undefined) {
      request.headers = [...request.headers, first];
      request.contentTypeLate = true;
    }
  }
  request.method = method;
  request.url = target;
}

/**
 * Moves `request` to the redirect target (Fetch "HTTP-redirect fetch" steps 11–13; Chromium
 * `CorsURLLoader::FollowRedirect` and //net `RedirectUtil::UpdateHttpRequest`): taints it, changes
 * the method (dropping the body and its headers), and removes the headers the profile removes when
 * leaving the page's origin or crossing origins. `netOrigin` is true outside mode `cors`.
 */
export function followRedirect(
  request: RedirectingRequest,
  target: URL,
  status: number,
  netOrigin: boolean,
  pageOrigin: string,
  profile: BrowserProfile,
): void {
  const crossOriginHop = originOf(request.url) !== originOf(target);
  // Outside cors mode CorsURLLoader leaves Origin to //net, whose RedirectUtil::UpdateHttpRequest
  // sets it to "null" on every cross-origin hop (Fetch "serializing a request origin" agrees:
  // any cross-origin URL in the list makes the redirect-taint non-same-origin).
  // Gecko and WebKit say "null" only after a cross-origin redirect away from a URL of another origin
  // than the page's (r26, r27, g860).
  const netTaint = netOrigin && crossOriginHop && (profile.noCorsTaint === "hop" || originOf(request.url) !== pageOrigin);
  const tainted = netTaint || taints(request.url, target, pageOrigin);
  if (profile.corsRedirectRestart === true) followWebKitRedirect(request, target, status, !netOrigin);
  if (tainted) request.tainted = true;
  if (profile.corsRedirectRestart === true) return;
  const method = redirectMethod(status, request.method);
  if (method !== request.method) request.body = undefined;
  // Fetch and Chromium go on from the headers the last hop sent; Gecko starts again from the
  // fetch's own list and judges the request-body headers by this redirect alone (g73, g419).
  const fromRequest = profile.redirectHeadersFrom === "request";
  const stripBodyHeaders = fromRequest ? redirectMethod(status, request.requestMethod) !== request.requestMethod : method !== request.method;
  const leavesPage = originOf(target) !== pageOrigin;
  request.headers = (fromRequest ? request.requestHeaders : request.headers).filter((h) => {
    const lower = h.name.toLowerCase();
    if (stripBodyHeaders && REQUEST_BODY_HEADER_NAMES.has(lower)) return false;
    if (leavesPage && profile.redirectRemovesHeaders.includes(lower)) return false;
    return !(crossOriginHop && profile.removesAuthorizationOnCrossOriginRedirect && lower === "authorization");
  });
  request.method = method;
  request.url = target;
}
