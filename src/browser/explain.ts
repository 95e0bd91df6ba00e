/**
 * Offline analysis of a `fetch()` call: does it preflight and why, the exact preflight Chromium
 * would send, and the least a server must answer for the request to pass. No network use.
 */
import { type AddressSpace, addressSpaceOfHost } from "./address-space.js";
import { consoleMessage, FAILURE_KINDS } from "./console-messages.js";
import type { CookieJar } from "./cookie.js";
import { checkLocalNetworkAccess, type LocalNetworkAccessPermission, localNetworkClient } from "./local-network-access.js";
import { isMixedContent } from "./mixed-content.js";
import { type PreflightReason, preflightReasons } from "./needs-preflight.js";
import { buildPreflightRequest } from "./preflight.js";
import { type BrowserProfile, type profiles, resolveProfile } from "./profiles.js";
import { type ConstructedRequest, constructRequest, RequestConstructionError } from "./request.js";
import { cookiesForRequest, includesCredentials, type RequestCookies, type ThirdPartyCookies } from "./request-cookies.js";
import type { BrowserRequest, CredentialsMode, RequestMode, WireRequest } from "./types.js";

/** A preflight reason with a sentence for people. */
export type ExplainedReason = PreflightReason & { readonly text: string };

/** The result of {@link explainRequest}. */
export interface Explanation {
  /** The request after construction (normalised method, forbidden headers dropped, implicit Content-Type). */
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: [string, string][];
    readonly droppedHeaders: readonly string[];
    readonly mode: RequestMode;
    readonly credentials: CredentialsMode;
  } | null;
  /** The TypeError fetch() would reject with before any network use, or null. */
  readonly exception: string | null;
  /** True when the URL's origin differs from the page origin (CORS applies in mode `cors`). */
  readonly crossOrigin: boolean;
  readonly preflight: {
    readonly needed: boolean;
    readonly reasons: readonly ExplainedReason[];
    /** The OPTIONS request the browser would send (before any redirect), or null. */
    readonly request: WireRequest | null;
  };
  /**
   * A block that happens before CORS and that the request alone decides: mixed content, or Local
   * Network Access when the URL's host is an IP literal or localhost (a name's address is unknown
   * offline). Null when none applies.
   */
  readonly blockedBeforeCors: {
    readonly code: "MixedContent" | "InsecureLocalNetwork" | "LocalNetworkAccessPermissionDenied";
    readonly message: string;
    readonly fix: string;
  } | null;
  /** The cookies the first request would carry and withhold, when a jar was given. */
  readonly cookies: RequestCookies | null;
  /** Minimal response headers for the request to pass (null when CORS does not apply). */
  readonly required: { readonly preflight: [string, string][] | null; readonly actual: [string, string][] } | null;
  readonly notes: readonly string[];
}

const VALUE_RULES: Readonly<Record<string, string>> = {
  accept: 'no CORS-unsafe bytes ("():<>?@[\\]{}, controls, DEL)',
  "accept-language": "only 0-9 A-Z a-z space * , - . ; =",
  "content-language": "only 0-9 A-Z a-z space * , - . ; =",
  "content-type": "a MIME type whose essence is application/x-www-form-urlencoded, multipart/form-data or text/plain, without CORS-unsafe bytes",
  range: "a single range bytes=N- or bytes=N-M (no spaces, no suffix range)",
};

function describe(reason: PreflightReason, headers: readonly { name: string; value: string }[]): ExplainedReason {
  switch (reason.kind) {
    case "forced":
      return { ...reason, text: "the request's use-CORS-preflight flag is set" };
    case "method":
      return { ...reason, text: `method ${reason.method} is not a CORS-safelisted method (GET, HEAD, POST)` };
    case "header": {
      if (reason.rule === "not-safelisted") return { ...reason, text: `header ${reason.name} is not a CORS-safelisted request header` };
      if (reason.rule === "total") return { ...reason, text: `header ${reason.name}: safelisted header values exceed 1024 bytes together` };
      const value = headers.find((h) => h.name.toLowerCase() === reason.name)?.value ?? "";
      const rule = value.length > 128 ? "at most 128 bytes" : (VALUE_RULES[reason.name] ?? "a valid value");
      return { ...reason, text: `header ${reason.name}: value ${JSON.stringify(value)} is not safelisted (must be ${rule})` };
    }
  }
}

/**
 * Explains what the browser would do with `request`, without sending anything.
 *
 * @example
 * const e = explainRequest({ url: "https://api.example.com/items", origin: "https://app.example.com",
 *   method: "PUT", headers: { "Content-Type": "application/json", Authorization: "Bearer x" } });
 * e.preflight.request?.headers; // [["Accept","*\/*"],["Access-Control-Request-Method","PUT"],
 *                               //  ["Access-Control-Request-Headers","authorization,content-type"],["Origin","https://app.example.com"]]
 * e.required?.preflight;        // Access-Control-Allow-Origin, -Methods: PUT, -Headers: authorization, content-type
 */
/** Options of {@link explainRequest}: the profile and, as for simulateFetch, what the browser holds. */
export interface ExplainOptions {
  readonly profile?: keyof typeof profiles | BrowserProfile;
  readonly cookies?: CookieJar;
  readonly thirdPartyCookies?: ThirdPartyCookies;
  readonly localNetworkAccess?: LocalNetworkAccessPermission;
  readonly pageAddressSpace?: AddressSpace;
}

/** Mixed content, then Local Network Access from what the URL alone tells (see {@link Explanation.blockedBeforeCors}). */
function blockedBeforeCors(req: ConstructedRequest, options: ExplainOptions, profile: BrowserProfile): Explanation["blockedBeforeCors"] {
  const context = {
    hint: "",
    initialUrl: req.url.href,
    lastUrl: req.url.href,
    pageOrigin: req.origin,
    pageUrl: req.referrer,
    requestOrigin: req.origin,
    status: null,
    token: "",
    method: req.method,
    credentials: req.credentials === "include",
  };
  if (isMixedContent(req.origin, req.url)) {
    return { code: "MixedContent", message: consoleMessage("MixedContent", context, profile) ?? "", fix: FAILURE_KINDS.MixedContent.fix(context) };
  }
  const client = localNetworkClient(req.origin, options);
  const target = addressSpaceOfHost(req.url.hostname);
  const denied = client === null || target === null ? null : checkLocalNetworkAccess(client, target);
  if (denied === null) return null;
  const withSpace = { ...context, addressSpace: denied.space };
  return { code: denied.code, message: consoleMessage(denied.code, withSpace, profile) ?? "", fix: FAILURE_KINDS[denied.code].fix(withSpace) };
}

export function explainRequest(request: BrowserRequest, options: ExplainOptions = {}): Explanation {
  const profile = resolveProfile(options.profile);
  let req: ReturnType<typeof constructRequest>;
  try {
    req = constructRequest(request, profile);
  } catch (e) {
    if (!(e instanceof RequestConstructionError)) throw e;
    return {
      request: null,
      exception: `TypeError: ${e.message}`,
      crossOrigin: false,
      preflight: { needed: false, reasons: [], request: null },
      blockedBeforeCors: null,
      cookies: null,
      required: null,
      notes: [],
    };
  }
  const blocked = blockedBeforeCors(req, options, profile);
  const cookies =
    options.cookies === undefined
      ? null
      : cookiesForRequest(options.cookies, {
          url: req.url,
          pageOrigin: req.origin,
          includeCredentials: includesCredentials(req.credentials, req.url.origin !== req.origin),
          ...(options.thirdPartyCookies === undefined ? {} : { thirdPartyCookies: options.thirdPartyCookies }),
        });
  const crossOrigin = req.url.origin !== req.origin;
  const include = req.credentials === "include";
  const notes: string[] = [];
  if (req.droppedHeaders.length > 0) notes.push(`The browser silently drops these headers: ${req.droppedHeaders.join(", ")}.`);
  const client = localNetworkClient(req.origin, options);
  if (client?.space === "public" && addressSpaceOfHost(req.url.hostname) === null)
    notes.push(
      `Local Network Access: if ${req.url.hostname} resolves to a private or loopback address, Chromium asks the user before a public page may reach it (headless Chromium denies).`,
    );
  const constructed = {
    method: req.method,
    url: req.url.href,
    headers: req.headers.map((h): [string, string] => [h.name, h.value]),
    droppedHeaders: req.droppedHeaders,
    mode: req.mode,
    credentials: req.credentials,
  };
  if (!crossOrigin || req.mode !== "cors") {
    if (req.mode === "no-cors" && crossOrigin)
      notes.push("Mode no-cors: no preflight and no CORS check, but script gets an opaque response (status 0, no headers, no body).");
    if (req.mode === "same-origin" && crossOrigin) notes.push("Mode same-origin: fetch() fails for a cross-origin URL whatever the server sends.");
    return {
      request: constructed,
      exception: null,
      crossOrigin,
      preflight: { needed: false, reasons: [], request: null },
      blockedBeforeCors: blocked,
      cookies,
      required: null,
      notes,
    };
  }
  const reasons = preflightReasons(req.method, req.headers, req.useCorsPreflight, profile).map((r) => describe(r, req.headers));
  const needed = reasons.length > 0;
  const preflightRequest = needed
    ? buildPreflightRequest(
        { url: req.url.href, method: req.method, headers: req.headers, origin: req.origin, include, useCorsPreflight: req.useCorsPreflight },
        profile,
      )
    : null;
  const base: [string, string][] = [["Access-Control-Allow-Origin", req.origin]];
  if (include) base.push(["Access-Control-Allow-Credentials", "true"]);
  let required: [string, string][] | null = null;
  if (preflightRequest !== null) {
    required = [...base];
    const acrm = reasons.find((r) => r.kind === "method");
    if (acrm !== undefined) required.push(["Access-Control-Allow-Methods", req.method]);
    const acrh = preflightRequest.headers.find(([n]) => n === "Access-Control-Request-Headers");
    if (acrh !== undefined) required.push(["Access-Control-Allow-Headers", acrh[1].split(",").join(", ")]);
    notes.push("The preflight response needs a 2xx status and must not redirect.");
  }
  if (!include) notes.push("Access-Control-Allow-Origin: * also works because the request is not credentialed.");
  return {
    request: constructed,
    exception: null,
    crossOrigin,
    preflight: { needed, reasons, request: preflightRequest },
    blockedBeforeCors: blocked,
    cookies,
    required: { preflight: required, actual: base },
    notes,
  };
}
