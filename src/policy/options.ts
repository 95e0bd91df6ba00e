/** The options accepted by {@link createCorsPolicy}. Names follow the `cors` package where it has one. */
import type { CorsWarningHandler } from "./config-error.js";

/**
 * A request origin test written by the application. Receives only well-formed serialised origins
 * (and, as a second argument, the `context` given to {@link CorsPolicy.decide}, which the Koa and
 * Hono adapters use to hand their request context to their peers' origin functions).
 */
export type OriginPredicate = (origin: string) => boolean | Promise<boolean>;

/** An origin predicate as the policy calls it. */
export type ContextualPredicate = (origin: string, context?: unknown) => boolean | Promise<boolean>;

/** One allowlist entry: an exact origin (`https://app.example.com`), a pattern, or an anchored RegExp. */
export type OriginEntry = string | RegExp;

/**
 * Which origins may read responses:
 * - `"*"`: any origin, anonymously (refused with `credentials: true`);
 * - an exact origin, a pattern (`https://*.example.com`, `http://localhost:*`) or an anchored RegExp;
 * - an array of those;
 * - a predicate `(origin) => boolean | Promise<boolean>`; corsproof writes the request's own
 *   origin when it returns true, never a value from your code;
 * - `true`: reflect any origin (like `*`, but sends the origin; refused with credentials);
 * - `false`: CORS disabled, no headers at all.
 */
export type OriginOption = "*" | OriginEntry | readonly OriginEntry[] | OriginPredicate | boolean;

/** Options of the origin cache (`originCache`). */
export interface OriginCacheOptions {
  /** Most origins remembered, 1 to 100000. */
  max: number;
  /** How long a verdict stays valid, in milliseconds (1 ms to 24 h). */
  ttlMs: number;
}

/** A list option: an array of names, or one comma-separated string (as the `cors` package accepts). */
export type ListOption = string | readonly string[];

/** Options of a CORS policy. */
export interface CorsOptions {
  /** Which origins may read responses. Required: there is no safe default. */
  origin: OriginOption;
  /**
   * Methods a preflight may ask for. Default `GET,HEAD,PUT,PATCH,POST,DELETE` (as `cors`).
   * `"*"` allows any method (echoing the requested one when credentials are on).
   * GET, HEAD and POST are always allowed by browsers and need not be listed.
   */
  methods?: ListOption | undefined;
  /**
   * Request headers a preflight may ask for. Default: any syntactically valid header is allowed and
   * echoed back (as `cors`), with `Vary: Access-Control-Request-Headers`. `"*"` allows any header
   * except `Authorization`, which must be listed by name (Fetch).
   */
  allowedHeaders?: ListOption | undefined;
  /** Alias of `allowedHeaders`, as in the `cors` package. */
  headers?: ListOption | undefined;
  /** Response headers script may read besides the safelisted ones. `"*"` only without credentials. */
  exposedHeaders?: ListOption | undefined;
  /** Send `Access-Control-Allow-Credentials: true` (cookies, HTTP auth, client certificates). */
  credentials?: boolean | undefined;
  /** Seconds a browser may cache a successful preflight, 0 to 86400. Chromium caps at 7200. */
  maxAge?: number | undefined;
  /** Let the application see successful preflights (headers are set, the request continues). */
  preflightContinue?: boolean | undefined;
  /** Status of a successful preflight. Default 204; some legacy clients want 200. Must be 2xx. */
  optionsSuccessStatus?: number | undefined;
  /** Status of a refused preflight. Default 403. */
  preflightFailureStatus?: number | undefined;
  /** Answer Private Network Access preflights (`Access-Control-Allow-Private-Network: true`). */
  privateNetwork?: boolean | undefined;
  /**
   * Resource Timing: `true` sends `Timing-Allow-Origin` with the allowed origin on CORS-allowed
   * responses; `"*"` sends `Timing-Allow-Origin: *` on every response.
   */
  timingAllowOrigin?: boolean | "*" | undefined;
  /**
   * Make refused preflights explain themselves: a plain-text body with the reason, and for an
   * allowed origin the headers that make the browser's console name the exact cause.
   */
  debug?: boolean | undefined;
  /**
   * Cache the verdicts of an origin function (for example one that queries a database):
   * `{ max: 1000, ttlMs: 60_000 }`. Off by default; only valid when `origin` is a function.
   */
  originCache?: OriginCacheOptions | undefined;
  /**
   * Allow the `null` origin (sandboxed iframes, `file:` pages, `data:` URLs, cross-origin redirects).
   * Security: any site can produce `Origin: null`; allowing it is close to allowing everyone.
   */
  dangerouslyAllowNullOrigin?: boolean | undefined;
  /**
   * Allow credentialed access from `http:` origins other than loopback.
   * Security: anyone on the network path can inject script into an `http:` page.
   */
  dangerouslyAllowInsecureOriginsWithCredentials?: boolean | undefined;
  /**
   * Allow credentialed wildcard patterns whose base is a public suffix (`https://*.github.io`).
   * Security: anyone can register a site under a public suffix.
   */
  dangerouslyAllowSubdomainsOfPublicSuffixes?: boolean | undefined;
  /**
   * Receives each warning once: problems found at construction that do not refuse the
   * configuration (a dead header name dropped, a maxAge clamped), and the first origin per policy
   * that an origin function or RegExp allowed but the credentials rules refused at request time.
   * Default: one `process.emitWarning` per problem (`console.warn` where there is no `process`).
   *
   * @example
   * ```ts
   * createCorsPolicy({ origin: "https://app.example.com", allowedHeaders: ["Content-Type", "Origin"], onWarning: (w) => log.warn(w) });
   * ```
   */
  onWarning?: CorsWarningHandler | undefined;
  /**
   * Audit an origin function at start-up (off by default): call it with canary origins and with
   * attacker-style copies of `origins` (see `auditOriginFunction`), and report each hole found —
   * reflect-everything, suffix, prefix and substring checks — through `onWarning`, naming the
   * origin that proves it. The audit runs in the background; requests are never delayed by it.
   */
  auditOriginFunction?: boolean | { readonly origins: readonly string[] } | undefined;
}
