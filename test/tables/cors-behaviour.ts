/**
 * The policy's behaviour, described once as data and run through the engine and every adapter.
 * `expect.headers` lists every CORS response header the row must produce; any other
 * Access-Control-* or Timing-Allow-Origin header is a failure.
 */
import type { CorsOptions } from "../../src/index.js";

export interface BehaviourRow {
  readonly name: string;
  readonly options: CorsOptions;
  readonly request: { readonly method: string; readonly headers: Readonly<Record<string, string>> };
  readonly expect: {
    /** The CORS layer answered (preflight), the application did not run. */
    readonly handled: boolean;
    readonly status?: number;
    readonly headers: Readonly<Record<string, string>>;
    /** Exact Vary value, or undefined for no Vary. */
    readonly vary: string | undefined;
    /** The origin (and for a preflight, method and headers) passed the policy. */
    readonly allowed: boolean;
    /** Debug explanation expected in the body. */
    readonly bodyIncludes?: string;
  };
}

export const APP = "https://app.example.com";
const EVIL = "https://evil.example.net";
const DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";
const list: CorsOptions = { origin: [APP, "https://*.example.org", "http://localhost:*"] };
const withCreds: CorsOptions = { ...list, credentials: true };

const get = (headers: Record<string, string> = {}) => ({ method: "GET", headers });
const preflight = (origin: string, method: string, acrh?: string, extra: Record<string, string> = {}) => ({
  method: "OPTIONS",
  headers: { origin, "access-control-request-method": method, ...(acrh === undefined ? {} : { "access-control-request-headers": acrh }), ...extra },
});
const allowedActual = (origin: string, extra: Record<string, string> = {}) => ({
  handled: false,
  headers: { "access-control-allow-origin": origin, ...extra },
  vary: "Origin",
  allowed: true,
});
const deniedActual = { handled: false, headers: {}, vary: "Origin", allowed: false } as const;
const deniedPreflight = (status = 403, vary = "Origin, Access-Control-Request-Headers") => ({ handled: true, status, headers: {}, vary, allowed: false });

export const behaviourTable: readonly BehaviourRow[] = [
  // Actual requests
  { name: "exact origin, actual GET", options: list, request: get({ origin: APP }), expect: allowedActual(APP) },
  {
    name: "exact origin with credentials",
    options: withCreds,
    request: get({ origin: APP }),
    expect: allowedActual(APP, { "access-control-allow-credentials": "true" }),
  },
  { name: "disallowed origin gets no CORS headers, only Vary", options: withCreds, request: get({ origin: EVIL }), expect: deniedActual },
  {
    name: "request without Origin still varies on Origin",
    options: list,
    request: get(),
    expect: { handled: false, headers: {}, vary: "Origin", allowed: false },
  },
  {
    name: "'*' without Origin sends the static '*' and no Vary",
    options: { origin: "*" },
    request: get(),
    expect: { handled: false, headers: { "access-control-allow-origin": "*" }, vary: undefined, allowed: true },
  },
  {
    name: "'*' with Origin",
    options: { origin: "*" },
    request: get({ origin: EVIL }),
    expect: { handled: false, headers: { "access-control-allow-origin": "*" }, vary: undefined, allowed: true },
  },
  { name: "subdomain pattern, one label", options: list, request: get({ origin: "https://a.example.org" }), expect: allowedActual("https://a.example.org") },
  {
    name: "subdomain pattern, several labels",
    options: list,
    request: get({ origin: "https://a.b.example.org" }),
    expect: allowedActual("https://a.b.example.org"),
  },
  { name: "subdomain pattern excludes the apex", options: list, request: get({ origin: "https://example.org" }), expect: deniedActual },
  { name: "subdomain pattern is https only", options: list, request: get({ origin: "http://a.example.org" }), expect: deniedActual },
  { name: "subdomain pattern refuses other ports", options: list, request: get({ origin: "https://a.example.org:8443" }), expect: deniedActual },
  { name: "subdomain pattern refuses a suffix lookalike", options: list, request: get({ origin: "https://a.example.org.evil.net" }), expect: deniedActual },
  { name: "subdomain pattern refuses a prefix lookalike", options: list, request: get({ origin: "https://aexample.org" }), expect: deniedActual },
  { name: "port pattern, with a port", options: list, request: get({ origin: "http://localhost:5173" }), expect: allowedActual("http://localhost:5173") },
  { name: "port pattern, default port", options: list, request: get({ origin: "http://localhost" }), expect: allowedActual("http://localhost") },
  { name: "port pattern refuses leading zeros", options: list, request: get({ origin: "http://localhost:05173" }), expect: deniedActual },
  { name: "two Origin lines joined by Node are not an origin", options: list, request: get({ origin: `${APP}, ${EVIL}` }), expect: deniedActual },
  { name: "trailing slash is a different string", options: list, request: get({ origin: `${APP}/` }), expect: deniedActual },
  { name: "upper case is a different string", options: list, request: get({ origin: "https://APP.example.com" }), expect: deniedActual },
  { name: "explicit default port is a different string", options: list, request: get({ origin: `${APP}:443` }), expect: deniedActual },
  { name: "empty Origin", options: list, request: get({ origin: "" }), expect: deniedActual },
  {
    name: "'null' is refused by default",
    options: { origin: "*" },
    request: get({ origin: "null" }),
    expect: { handled: false, headers: { "access-control-allow-origin": "*" }, vary: undefined, allowed: true },
  },
  { name: "'null' is not in a list", options: list, request: get({ origin: "null" }), expect: deniedActual },
  {
    name: "'null' allowed when opted in",
    options: { origin: ["null"], dangerouslyAllowNullOrigin: true },
    request: get({ origin: "null" }),
    expect: allowedActual("null"),
  },
  { name: "reflect any origin", options: { origin: true }, request: get({ origin: EVIL }), expect: allowedActual(EVIL) },
  { name: "reflect never reflects a malformed value", options: { origin: true }, request: get({ origin: "https://a.com\tx" }), expect: deniedActual },
  {
    name: "origin: false disables CORS entirely",
    options: { origin: false },
    request: get({ origin: APP }),
    expect: { handled: false, headers: {}, vary: undefined, allowed: false },
  },
  {
    name: "origin: false lets a preflight-shaped OPTIONS through to the application, without headers or Vary",
    options: { origin: false, allowedHeaders: ["x-a"], timingAllowOrigin: "*" },
    request: preflight(APP, "PUT", "x-a"),
    expect: { handled: false, headers: {}, vary: undefined, allowed: false },
  },
  {
    name: "origin: false sends no Timing-Allow-Origin either",
    options: { origin: false, timingAllowOrigin: "*" },
    request: get({ origin: APP }),
    expect: { handled: false, headers: {}, vary: undefined, allowed: false },
  },
  { name: "sync predicate", options: { origin: (o) => o.endsWith(".example.com") }, request: get({ origin: APP }), expect: allowedActual(APP) },
  { name: "async predicate", options: { origin: async (o) => o === APP }, request: get({ origin: APP }), expect: allowedActual(APP) },
  {
    name: "predicate that throws denies",
    options: {
      origin: () => {
        throw new Error("database down");
      },
    },
    request: get({ origin: APP }),
    expect: deniedActual,
  },
  {
    name: "anchored RegExp matches",
    options: { origin: [/^https:\/\/[a-z]+\.example\.net$/] },
    request: get({ origin: "https://x.example.net" }),
    expect: allowedActual("https://x.example.net"),
  },
  {
    name: "anchored RegExp refuses a suffix attack",
    options: { origin: [/^https:\/\/[a-z]+\.example\.net$/] },
    request: get({ origin: "https://x.example.net.evil.com" }),
    expect: deniedActual,
  },
  {
    name: "exposed headers on actual responses",
    options: { ...list, exposedHeaders: ["X-Total-Count", "ETag"] },
    request: get({ origin: APP }),
    expect: allowedActual(APP, { "access-control-expose-headers": "X-Total-Count,ETag" }),
  },
  {
    name: "Timing-Allow-Origin mirrors the allowed origin",
    options: { ...list, timingAllowOrigin: true },
    request: get({ origin: APP }),
    expect: allowedActual(APP, { "timing-allow-origin": APP }),
  },
  {
    name: "Timing-Allow-Origin '*' goes to every response",
    options: { ...list, timingAllowOrigin: "*" },
    request: get({ origin: EVIL }),
    expect: { handled: false, headers: { "timing-allow-origin": "*" }, vary: "Origin", allowed: false },
  },
  // Preflights
  {
    name: "preflight with listed headers",
    options: { ...list, allowedHeaders: ["Content-Type"] },
    request: preflight(APP, "PUT", "content-type"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS, "access-control-allow-headers": "Content-Type" },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "preflight reflects valid requested headers by default",
    options: list,
    request: preflight(APP, "PUT", "content-type,x-trace-id"),
    expect: {
      handled: true,
      status: 204,
      headers: {
        "access-control-allow-origin": APP,
        "access-control-allow-methods": DEFAULT_METHODS,
        "access-control-allow-headers": "content-type,x-trace-id",
      },
      vary: "Origin, Access-Control-Request-Headers",
      allowed: true,
    },
  },
  {
    name: "classic default: any origin, echoed headers",
    options: { origin: "*" },
    request: preflight("http://localhost:3000", "GET", "Content-Type, Accept"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": "*", "access-control-allow-methods": DEFAULT_METHODS, "access-control-allow-headers": "Content-Type, Accept" },
      vary: "Access-Control-Request-Headers",
      allowed: true,
    },
  },
  { name: "preflight from a disallowed origin", options: list, request: preflight(EVIL, "PUT"), expect: deniedPreflight() },
  { name: "preflight for a method not listed", options: { ...list, methods: ["GET", "PUT"] }, request: preflight(APP, "DELETE"), expect: deniedPreflight() },
  {
    name: "safelisted methods are always allowed",
    options: { ...list, methods: ["PUT"], allowedHeaders: ["X-Api-Key"] },
    request: preflight(APP, "POST", "x-api-key"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": "PUT", "access-control-allow-headers": "X-Api-Key" },
      vary: "Origin",
      allowed: true,
    },
  },
  { name: "methods are case-sensitive", options: list, request: preflight(APP, "patch"), expect: deniedPreflight() },
  {
    name: "preflight for a header not listed",
    options: { ...list, allowedHeaders: ["Content-Type"] },
    request: preflight(APP, "PUT", "content-type,x-secret"),
    expect: deniedPreflight(403, "Origin"),
  },
  {
    name: "header names are case-insensitive; several ACRH lines joined",
    options: { ...list, allowedHeaders: ["Content-Type", "X-Api-Key"] },
    request: preflight(APP, "PUT", "X-API-KEY, content-type"),
    expect: {
      handled: true,
      status: 204,
      headers: {
        "access-control-allow-origin": APP,
        "access-control-allow-methods": DEFAULT_METHODS,
        "access-control-allow-headers": "Content-Type,X-Api-Key",
      },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "empty Access-Control-Request-Headers",
    options: { ...list, allowedHeaders: ["Content-Type"] },
    request: preflight(APP, "PUT", ""),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS, "access-control-allow-headers": "Content-Type" },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "methods '*' without credentials",
    options: { ...list, methods: "*", allowedHeaders: [] },
    request: preflight(APP, "PURGE"),
    expect: { handled: true, status: 204, headers: { "access-control-allow-origin": APP, "access-control-allow-methods": "*" }, vary: "Origin", allowed: true },
  },
  {
    name: "methods '*' with credentials echoes the method",
    options: { ...withCreds, methods: "*", allowedHeaders: [] },
    request: preflight(APP, "PURGE"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-credentials": "true", "access-control-allow-methods": "PURGE" },
      vary: "Origin, Access-Control-Request-Method",
      allowed: true,
    },
  },
  {
    name: "allowedHeaders '*'",
    options: { ...list, allowedHeaders: "*" },
    request: preflight(APP, "PUT", "x-anything"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS, "access-control-allow-headers": "*" },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "allowedHeaders '*' does not cover Authorization",
    options: { ...list, allowedHeaders: "*" },
    request: preflight(APP, "PUT", "authorization"),
    expect: deniedPreflight(403, "Origin"),
  },
  {
    name: "allowedHeaders '*' plus Authorization by name",
    options: { ...list, allowedHeaders: ["*", "Authorization"] },
    request: preflight(APP, "PUT", "authorization,x-anything"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS, "access-control-allow-headers": "*,authorization" },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "allowedHeaders '*' with credentials echoes the names",
    options: { ...withCreds, allowedHeaders: "*" },
    request: preflight(APP, "PUT", "x-anything"),
    expect: {
      handled: true,
      status: 204,
      headers: {
        "access-control-allow-origin": APP,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": DEFAULT_METHODS,
        "access-control-allow-headers": "x-anything",
      },
      vary: "Origin, Access-Control-Request-Headers",
      allowed: true,
    },
  },
  {
    name: "exposed headers and max-age belong to their own responses",
    options: { ...list, allowedHeaders: [], exposedHeaders: ["ETag"], maxAge: 600 },
    request: preflight(APP, "PUT"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS, "access-control-max-age": "600" },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "max-age 0 is sent",
    options: { ...list, allowedHeaders: [], maxAge: 0 },
    request: preflight(APP, "PUT"),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS, "access-control-max-age": "0" },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "optionsSuccessStatus 200",
    options: { ...list, allowedHeaders: [], optionsSuccessStatus: 200 },
    request: preflight(APP, "PUT"),
    expect: {
      handled: true,
      status: 200,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "preflightFailureStatus",
    options: { ...list, allowedHeaders: [], preflightFailureStatus: 400 },
    request: preflight(EVIL, "PUT"),
    expect: deniedPreflight(400, "Origin"),
  },
  {
    name: "preflightContinue passes the preflight on",
    options: { ...list, allowedHeaders: [], preflightContinue: true },
    request: preflight(APP, "PUT"),
    expect: { handled: false, headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS }, vary: "Origin", allowed: true },
  },
  {
    name: "OPTIONS without Access-Control-Request-Method belongs to the app",
    options: list,
    request: { method: "OPTIONS", headers: { origin: APP } },
    expect: allowedActual(APP),
  },
  {
    name: "OPTIONS without Origin belongs to the app",
    options: list,
    request: { method: "OPTIONS", headers: { "access-control-request-method": "PUT" } },
    expect: { handled: false, headers: {}, vary: "Origin", allowed: false },
  },
  {
    name: "private network preflight",
    options: { ...list, allowedHeaders: [], privateNetwork: true },
    request: preflight(APP, "PUT", undefined, { "access-control-request-private-network": "true" }),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS, "access-control-allow-private-network": "true" },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "private network not enabled",
    options: { ...list, allowedHeaders: [] },
    request: preflight(APP, "PUT", undefined, { "access-control-request-private-network": "true" }),
    expect: {
      handled: true,
      status: 204,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": DEFAULT_METHODS },
      vary: "Origin",
      allowed: true,
    },
  },
  {
    name: "debug: a refused method is named by the browser",
    options: { ...list, methods: ["GET", "PUT"], allowedHeaders: [], debug: true },
    request: preflight(APP, "DELETE"),
    expect: {
      handled: true,
      status: 200,
      headers: { "access-control-allow-origin": APP, "access-control-allow-methods": "GET,PUT" },
      vary: "Origin",
      allowed: false,
      bodyIncludes: "the requested method is not allowed",
    },
  },
  {
    name: "debug: a refused origin explains itself",
    options: { ...list, allowedHeaders: [], debug: true },
    request: preflight(EVIL, "PUT"),
    expect: { handled: true, status: 403, headers: {}, vary: "Origin", allowed: false, bodyIncludes: "the origin is not allowed" },
  },
  // Hostile input
  { name: "1 MiB of commas in Access-Control-Request-Headers", options: list, request: preflight(APP, "PUT", ",".repeat(1 << 20)), expect: deniedPreflight() },
  {
    name: "16 KiB of spaces in Access-Control-Request-Headers",
    options: list,
    request: preflight(APP, "PUT", `content-type,${" ".repeat(16 << 10)}x-b`),
    expect: deniedPreflight(),
  },
  { name: "junk in Access-Control-Request-Headers is never reflected", options: list, request: preflight(APP, "PUT", "x-a;x-b"), expect: deniedPreflight() },
  { name: "an 8 KiB Origin", options: { origin: true }, request: get({ origin: `https://${"a".repeat(8192)}.com` }), expect: deniedActual },
];
