/**
 * The data the browser model consumes and produces. Everything here is plain data so results can
 * be printed as JSON by the CLI and compared field by field with what a real Chromium did.
 */
import type { AddressSpace } from "./address-space.js";
import type { localNetworkAccessWarning } from "./local-network-access.js";
import type { CorsErrorCode } from "./console-messages.js";
import type { ReferrerPolicy } from "./referrer-policy.js";
import type { Cookie } from "./cookie.js";
import type { WithheldCookie } from "./request-cookies.js";
import type { SetCookieOutcome } from "./set-cookie.js";

/** Fetch "request mode" values script can choose. */
export type RequestMode = "cors" | "no-cors" | "same-origin";
/** Fetch "credentials mode". */
export type CredentialsMode = "omit" | "same-origin" | "include";
/** Fetch "redirect mode". */
export type RedirectMode = "follow" | "error" | "manual";

/**
 * A body described by its kind only, for offline analysis: the model needs to know which
 * Content-Type the browser would add (Fetch "extract a body"), not the bytes.
 */
export interface BodyDescriptor {
  readonly kind: "text" | "urlencoded" | "formdata" | "blob" | "bytes";
  /** For `blob`: the Blob's `type` (an empty type adds no Content-Type). */
  readonly type?: string;
}

/** What script may pass as a request body. */
export type RequestBody = string | URLSearchParams | FormData | Blob | BodyDescriptor;

/** A `fetch(url, init)` call made by a page. */
export interface BrowserRequest {
  /** Absolute URL that script passes to fetch(). */
  readonly url: string;
  /** The page's origin, serialised (`https://app.example.com`), or `null` for an opaque origin. */
  readonly origin: string;
  readonly method?: string;
  /** Headers as script sets them; forbidden ones are dropped the way the browser drops them. */
  readonly headers?: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
  readonly body?: RequestBody;
  /** Default `cors`. */
  readonly mode?: RequestMode;
  /** Default `same-origin`. */
  readonly credentials?: CredentialsMode;
  /** Default `follow`. */
  readonly redirect?: RedirectMode;
  /** The page's URL, on `origin` (the `Referer` source). Default: the origin's root, `origin + "/"`. */
  readonly referrer?: string;
  /** Default `strict-origin-when-cross-origin`, Chromium's default. */
  readonly referrerPolicy?: ReferrerPolicy;
}

/** Every field of {@link BrowserRequest}, as a record so the compiler insists on each new field. */
const BROWSER_REQUEST_FIELDS: Record<keyof BrowserRequest, true> = {
  url: true,
  origin: true,
  method: true,
  headers: true,
  body: true,
  mode: true,
  credentials: true,
  redirect: true,
  referrer: true,
  referrerPolicy: true,
};

/**
 * Every field of {@link BrowserRequest}: helpers that take a request from people (expectCors) refuse
 * any other key, so a typo fails loudly.
 */
export const BROWSER_REQUEST_KEYS = Object.keys(BROWSER_REQUEST_FIELDS) as readonly (keyof BrowserRequest)[];

/**
 * One HTTP request as it goes on the wire: the method token exactly as sent (`patch` stays
 * lower-case), and every header line the browser writes, Host first, in its order and case.
 */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  /** Header lines in order, exactly as written (request-bytes.ts). */
  readonly headers: [string, string][];
  readonly body?: Uint8Array;
}

/** One HTTP response as received: header lines in order, duplicates kept (they change verdicts). */
export interface WireResponse {
  readonly status: number;
  readonly headers: [string, string][];
  readonly body?: string;
}

/**
 * Sends one request and returns the response exactly as received. Transports never follow
 * redirects and write the request's header lines as given, adding none: the model does all of that.
 * A transport that cannot reach the server rejects with an Error whose message names the cause.
 */
export interface Transport {
  send(request: WireRequest): Promise<WireResponse>;
  /**
   * The address space of the address this transport connects to for `url`, which Local Network
   * Access judges; rejects when no connection can be made (a network error, as in Chromium, which
   * judges LNA on the connected socket). In-process transports connect nowhere and leave it out:
   * LNA does not apply to them.
   */
  addressSpace?(url: URL): AddressSpace | Promise<AddressSpace>;
}

/** What happened to cookies on one request (absent when the jar had nothing to say and no Set-Cookie came back). */
export interface ExchangeCookies {
  /** The cookies in the request's `Cookie` header, in order. */
  readonly sent: readonly Cookie[];
  /** Every other cookie in the jar, with DevTools' reasons. */
  readonly withheld: readonly WithheldCookie[];
  /** Each `Set-Cookie` line of the response: stored or refused, with Chromium's reason. */
  readonly set: readonly SetCookieOutcome[];
}

/** One request/response pair of a simulated fetch. */
export interface Exchange {
  /** `preflight` (OPTIONS), `redirect` (a hop answered with a followed 3xx) or `actual`. */
  readonly kind: "preflight" | "actual" | "redirect";
  readonly request: WireRequest;
  /** Null when the transport failed. */
  readonly response: WireResponse | null;
  /** Cookies sent, withheld and set on this exchange (never on a preflight: it carries no credentials). */
  readonly cookies?: ExchangeCookies;
}

/** One entry of the request's header list, with duplicates already combined (", "). */
export interface RequestHeader {
  /** The name as script first wrote it. */
  readonly name: string;
  readonly value: string;
  /** Each value script gave, in order, when it gave more than one (see BrowserProfile.headerEntries). */
  readonly entries?: readonly string[];
}

/** Why a simulated fetch failed: a stable code, Chromium's hint, and advice for the server owner. */
export interface BrowserError {
  /**
   * Chromium's `network::mojom::CorsError` name without the `k` (`AllowOriginMismatch`, the same
   * strings DevTools reports in a CorsIssue), or one of the non-CORS codes `InvalidRequest`,
   * `SameOriginModeRedirect`, `UnsupportedScheme`, `RedirectModeError`, `TooManyRedirects`,
   * `InvalidRedirect`, `NetworkFailure`, `MixedContent`. Local Network Access failures use
   * DevTools' `InsecureLocalNetwork` and `LocalNetworkAccessPermissionDenied`.
   */
  readonly code: CorsErrorCode;
  /** Chromium's "failed parameter" (the offending value), or "". */
  readonly hint: string;
  /** True when the failure was found in the preflight exchange. */
  readonly preflight: boolean;
  /** One line for the server owner: what to send instead. */
  readonly fix: string;
  /**
   * For `HeaderDisallowedByPreflightResponse`: every request header the preflight response does not
   * allow (Chromium names only one, chosen by its internal hash order).
   */
  readonly missingHeaders?: readonly string[];
  /** For `InvalidRequest`: the TypeError fetch() rejects with, before any network use. */
  readonly exception?: string;
}

/** The response script gets, filtered as the browser filters it. */
export interface ReadableResponse {
  /** Fetch response type: `basic` (same-origin), `cors`, `opaque` (no-cors) or `opaqueredirect`. */
  readonly type: "basic" | "cors" | "opaque" | "opaqueredirect";
  /** 0 for opaque responses. */
  readonly status: number;
  /** The final URL (after redirects). */
  readonly url: string;
  readonly redirected: boolean;
  /** Only the header lines script can read, lower-case names, in received order. */
  readonly headers: [string, string][];
  readonly body?: string;
}

/** Everything the browser did and what script and the console would see. */
export interface BrowserResult {
  /** True when fetch() resolves (the response may still be opaque). */
  readonly allowed: boolean;
  /** The first preflight sent, or null when none was sent (not needed, or served from the cache). */
  readonly preflight: null | { readonly request: WireRequest; readonly response: WireResponse | null };
  /** True when a preflight was needed but the preflight cache answered for it. */
  readonly preflightFromCache: boolean;
  /** Every request sent and response received, in order. */
  readonly trace: readonly Exchange[];
  /** The console error the browser prints, verbatim, or null. */
  readonly message: string | null;
  readonly error: BrowserError | null;
  /** Lower-case names of the received response headers script can read, sorted (empty when blocked). */
  readonly exposedHeaders: readonly string[];
  readonly response: ReadableResponse | null;
  /** Non-fatal notes the browser records (e.g. Chromium's Authorization-wildcard deprecation). */
  readonly warnings: readonly string[];
  /** What the result assumes about the user (see {@link localNetworkAccessWarning}); absent when nothing was assumed. */
  readonly notes?: readonly string[];
}
