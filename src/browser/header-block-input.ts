/**
 * What the header block of one request depends on: the input of both writers, Chromium's
 * (request-bytes.ts) and Firefox's (gecko-request-bytes.ts), kept apart from them so neither
 * imports the other for it.
 */
import type { CredentialsMode, RequestHeader as Header, RequestMode } from "./types.js";

/** What the header block of one request depends on. */
export interface HeaderBlockInput {
  readonly kind: "preflight" | "actual";
  readonly method: string;
  readonly url: URL;
  /**
   * Actual requests: script's headers (after the browser's filtering and redirect removals).
   * Preflights: the CORS-relevant lines `buildPreflightRequest` made (Accept, Access-Control-Request-*, Origin).
   */
  readonly headers: readonly Header[];
  /**
   * Actual requests: the lower-case names of the request's header map in the order the network
   * service holds them (script's names and the ones the browser adds), fixed for the first URL.
   */
  readonly mapOrder: readonly string[];
  /** The `Origin` value of an actual request, or null when it carries none. */
  readonly origin: string | null;
  readonly mode: RequestMode;
  /** Fetch "credentials mode": a cross-site `include` request also says `Sec-Fetch-Storage-Access`. */
  readonly credentials: CredentialsMode;
  readonly secFetchSite: string;
  readonly referrer: string | null;
  /**
   * Fetch "HTTP-network-or-cache fetch" step 15: a `default` cache mode request with a conditional
   * header (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since, If-Range) revalidates;
   * Chromium loads it with LOAD_VALIDATE_CACHE, and //net then writes `Cache-Control: max-age=0` right
   * after the framing lines, on the preflight too (request-bytes.ts `validatesCache`).
   */
  readonly validateCache: boolean;
  /** Body length in bytes, or undefined for no body. */
  readonly bodyLength: number | undefined;
  /**
   * The `Cookie` value the browser attaches (actual requests only), or null. Placed after
   * Accept-Language, before a Range the HTTP cache moved.
   */
  readonly cookie: string | null;
  /** True when the request follows a redirect (Firefox then writes `Referer` after `Origin`). */
  readonly redirected?: boolean;
  /** True when the profile overrode the page's referrer policy for this URL (Firefox writes Referer late). */
  readonly referrerReevaluated?: boolean;
  /** WebKit: the load restarted as a CORS request after a redirect (BrowserProfile.corsRedirectRestart). */
  readonly restarted?: boolean;
  /** WebKit: a 307/308 set the load's first Content-Type again, after the loader's lines (redirects.ts `followWebKitRedirect`). */
  readonly contentTypeLate?: boolean;
  /** WebKit: a redirect followed without a new preflight cleared User-Agent, set again after the loader's lines. */
  readonly userAgentReset?: boolean;
  /** Preflights: the User-Agent script set on the request, which WebKit's preflight carries too. */
  readonly scriptUserAgent?: string;
  /** The `Sec-Fetch-Site` value on which Firefox decides `Sec-Fetch-Storage-Access` (fetch.ts `storageAccessSite`). */
  readonly storageAccessSite?: string;
}
