/**
 * The target-neutral form of a policy for an edge proxy. The policy's own public surface decides
 * every header: the responses below are the engine's decisions for sample requests, with the
 * request's origin (and, where the engine echoes them, the requested method and headers) turned
 * into placeholders. What the proxy must decide itself (is this origin, method, header list
 * allowed?) is kept as data the targets compile into lookups and anchored expressions.
 */
import { createHash } from "node:crypto";
import { type CorsDecision, type CorsOptions, type CorsPolicy, createCorsPolicy } from "../index.js";
import { type OriginPattern, parseOriginPattern } from "../protocol/origin-pattern.js";
import { ExportError, type ExportIssue } from "./export-error.js";

/** A response header value: literal text, or a request value the proxy copies. */
export type EdgeValue =
  | { readonly kind: "text"; readonly text: string }
  /** The request's Origin (only on responses whose origin passed the policy). */
  | { readonly kind: "origin" }
  /** The request's Access-Control-Request-Method (methods `*` with credentials). */
  | { readonly kind: "method" }
  /** The request's Access-Control-Request-Headers; the header is omitted when that is absent or empty. */
  | { readonly kind: "headers" };

/** The CORS part of one class of response. */
export interface EdgeResponse {
  /** Status of a response the proxy answers itself (preflights); 0 when the upstream answers. */
  readonly status: number;
  /** CORS headers, in the engine's order. */
  readonly headers: readonly (readonly [string, EdgeValue])[];
  /** Field names appended to Vary ("" for none). */
  readonly vary: string;
  /**
   * Headers sent in addition only when the request has `Access-Control-Request-Private-Network: true`
   * (byte for byte), as the engine answers Private Network Access preflights.
   */
  readonly privateNetwork: readonly (readonly [string, string])[];
}

/**
 * The classes of request a proxy tells apart, and what the engine answers for each:
 * - `none`: no Origin header;
 * - `allowed` / `denied`: an actual request (not a preflight) whose origin passes / fails;
 * - `preflightOk` / `preflightDenied`: OPTIONS with Origin and Access-Control-Request-Method,
 *   whose origin, method and requested headers all pass / any fails.
 */
export interface EdgeResponses {
  readonly none: EdgeResponse;
  readonly allowed: EdgeResponse;
  readonly denied: EdgeResponse;
  readonly preflightOk: EdgeResponse;
  readonly preflightDenied: EdgeResponse;
}

/** A policy as an edge proxy implements it. */
export interface EdgePolicy {
  /** sha256 of the options in canonical JSON (keys sorted): the same policy gives the same digest. */
  readonly digest: string;
  /** Every origin passes (`origin: "*"`). */
  readonly anyOrigin: boolean;
  /**
   * Every origin a browser can send passes and is reflected (`origin: true`): the proxy checks the
   * value's exact shape as the engine does (isSerializedOrigin), so `null`, upper case, default
   * ports, paths or several Origin lines are denied, and a reflected value is always canonical.
   */
  readonly reflectOrigin: boolean;
  /** Origins compared byte for byte. */
  readonly exactOrigins: readonly string[];
  /** Origin patterns (`https://*.example.com`, `http://localhost:*`). */
  readonly originPatterns: readonly OriginPattern[];
  /** Methods a preflight may ask for by name (case-sensitive), safelisted ones included. */
  readonly methods: readonly string[];
  /** Any method that is a token and not forbidden passes too (`methods: "*"`). */
  readonly anyMethod: boolean;
  /**
   * Header names a preflight may ask for (lower-case), or undefined when any token passes
   * (no list configured, or `*`).
   */
  readonly requestHeaders: readonly string[] | undefined;
  /** With `*`: Authorization must be listed by name (Fetch); true when it is not. */
  readonly refuseAuthorization: boolean;
  readonly responses: EdgeResponses;
  /** CORS response headers the proxy owns: removed from upstream responses so each is sent once. */
  readonly ownedHeaders: readonly string[];
}

const CORS_RESPONSE_HEADERS = [
  "Access-Control-Allow-Origin",
  "Access-Control-Allow-Credentials",
  "Access-Control-Allow-Methods",
  "Access-Control-Allow-Headers",
  "Access-Control-Expose-Headers",
  "Access-Control-Max-Age",
  "Access-Control-Allow-Private-Network",
];

/** Probe values no configuration can contain: they show where the engine echoes the request. */
const SAMPLE_METHOD = "X-CORSPROOF-SAMPLE";
const SAMPLE_HEADERS = "x-corsproof-sample";
const DENIED_ORIGIN = "https://corsproof-denied.invalid";
/** Denied when every well-formed origin passes (`origin: true`): not a serialised origin. */
const MALFORMED_ORIGIN = "https://CORSPROOF-DENIED.invalid";

/** Options a proxy configuration cannot carry out, whatever the target. */
function refuseUnexportable(options: CorsOptions, issues: ExportIssue[]): void {
  const o = options.origin;
  if (typeof o === "function") {
    issues.push({
      path: "origin",
      message: "an origin function runs in your application; a proxy configuration cannot call it.",
      fix: "List the origins and patterns (e.g. ['https://app.example.com', 'https://*.example.com']), or keep CORS in the application.",
    });
  }
  const entries = typeof o === "string" || o instanceof RegExp ? [o] : Array.isArray(o) ? o : [];
  entries.forEach((entry, i) => {
    const path = Array.isArray(o) ? `origin[${i}]` : "origin";
    if (entry instanceof RegExp) {
      issues.push({
        path,
        message: `${String(entry)} is a JavaScript RegExp; proxies use other regex dialects, so it would not match the same origins.`,
        fix: "Write it as a pattern ('https://*.example.com', 'http://localhost:*') or as exact origins.",
      });
    }
  });
  const unsupported: [keyof CorsOptions, string, string][] = [
    [
      "preflightContinue",
      "the proxy answers preflights itself, so the application never sees them.",
      "Remove preflightContinue, or keep CORS in the application.",
    ],
    ["debug", "debug explanations are built per request by the engine.", "Remove debug for the exported policy (use `corsproof explain` to debug)."],
  ];
  for (const [key, message, fix] of unsupported) {
    if (options[key] === true) issues.push({ path: key, message: `${key}: ${message}`, fix });
  }
}

/** The options as canonical JSON (keys sorted), for the digest. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A request the policy allows, built from its first origin entry. */
function sampleOrigin(exact: readonly string[], patterns: readonly OriginPattern[]): string | undefined {
  if (exact[0] !== undefined) return exact[0];
  const p = patterns[0];
  if (p === undefined) return undefined;
  const port = p.port === "*" || p.port === "" ? "" : `:${p.port}`;
  return `${p.scheme}://${p.subdomains ? `corsproof-sample.${p.host}` : p.host}${port}`;
}

/** Decides synchronously (exportable policies have no origin function). */
function decide(policy: CorsPolicy, method: string, origin: string | undefined, acrm?: string, acrh?: string, acrpn?: string): CorsDecision {
  return policy.decide(method, origin, acrm, acrh, acrpn) as CorsDecision;
}

/** The decision as a template: sample values become placeholders. */
function template(d: CorsDecision, origin: string | undefined, echoMethod: boolean, echoHeaders: boolean): EdgeResponse {
  const headers: (readonly [string, EdgeValue])[] = [];
  for (let i = 0; i < d.headers.length; i += 2) {
    const name = d.headers[i] as string;
    const text = d.headers[i + 1] as string;
    const value: EdgeValue =
      origin !== undefined && text === origin
        ? { kind: "origin" }
        : echoMethod && text === SAMPLE_METHOD
          ? { kind: "method" }
          : echoHeaders && text === SAMPLE_HEADERS
            ? { kind: "headers" }
            : { kind: "text", text };
    headers.push([name, value]);
  }
  return { status: d.endPreflight ? d.status : 0, headers, vary: d.vary, privateNetwork: [] };
}

/** The headers the engine adds when a preflight asks for private network access. */
function privateNetworkHeaders(plain: CorsDecision, asked: CorsDecision): (readonly [string, string])[] {
  const extra: (readonly [string, string])[] = [];
  for (let i = 0; i < asked.headers.length; i += 2) {
    const name = asked.headers[i] as string;
    if (!plain.headers.some((h, j) => j % 2 === 0 && h === name)) extra.push([name, asked.headers[i + 1] as string]);
  }
  return extra;
}

/**
 * Validates `options` (as createCorsPolicy does), refuses what no proxy can carry out, and returns
 * the policy in edge form. Throws CorsConfigError for an invalid policy, ExportError for one that
 * cannot be exported.
 */
export function compileEdgePolicy(options: CorsOptions, target: string): EdgePolicy {
  const policy = createCorsPolicy(options);
  const issues: ExportIssue[] = [];
  refuseUnexportable(options, issues);
  if (issues.length > 0) throw new ExportError(target, issues);
  const c = policy.config;
  const anyOrigin = c.originMode === "any";
  const reflectOrigin = c.originMode === "reflect";
  const denied = reflectOrigin ? MALFORMED_ORIGIN : DENIED_ORIGIN;
  const exact: string[] = [];
  const patterns: OriginPattern[] = [];
  if (c.originMode === "list") {
    const o = options.origin;
    for (const entry of (typeof o === "string" ? [o] : (o as readonly string[])) ?? []) {
      // The same reading as the engine's (origin-entry.ts): `file:` pages send `null`.
      if (entry.includes("*")) patterns.push(parseOriginPattern(entry) as OriginPattern);
      else exact.push(entry.startsWith("file:") ? "null" : entry);
    }
  }
  const sample = anyOrigin || reflectOrigin ? "https://corsproof-sample.invalid" : sampleOrigin(exact, patterns);
  // `methods: "*"` lets any token through; with credentials the engine echoes it.
  const anyMethod = sample !== undefined && decide(policy, "OPTIONS", sample, SAMPLE_METHOD).allowed;
  const method = anyMethod ? SAMPLE_METHOD : "GET";
  const headersAllowed = sample !== undefined && decide(policy, "OPTIONS", sample, method, SAMPLE_HEADERS).allowed;
  const allowedResponse = sample === undefined ? undefined : decide(policy, "GET", sample);
  const okResponse = sample === undefined ? undefined : decide(policy, "OPTIONS", sample, method, headersAllowed ? SAMPLE_HEADERS : undefined);
  const okPrivate = sample === undefined ? undefined : decide(policy, "OPTIONS", sample, method, headersAllowed ? SAMPLE_HEADERS : undefined, "true");
  const preflightDenied = decide(policy, "OPTIONS", anyOrigin ? (sample as string) : denied, "CONNECT");
  const responses: EdgeResponses = {
    none: template(decide(policy, "GET", undefined), undefined, false, false),
    allowed: allowedResponse === undefined ? { status: 0, headers: [], vary: "", privateNetwork: [] } : template(allowedResponse, sample, false, false),
    denied: template(decide(policy, "GET", denied), undefined, false, false),
    preflightOk:
      okResponse === undefined || okPrivate === undefined
        ? template(preflightDenied, undefined, false, false)
        : { ...template(okResponse, sample, anyMethod, headersAllowed), privateNetwork: privateNetworkHeaders(okResponse, okPrivate) },
    preflightDenied: template(preflightDenied, undefined, false, false),
  };
  const listed = c.allowHeadersMode === "list" ? c.allowHeaders.split(",").filter((h) => h !== "") : undefined;
  return {
    digest: createHash("sha256").update(canonicalJson(options)).digest("hex"),
    anyOrigin,
    reflectOrigin,
    exactOrigins: exact,
    originPatterns: patterns,
    methods: ["GET", "HEAD", "POST", ...c.allowMethods.split(",").filter((m) => m !== "" && m !== "*" && m !== "GET" && m !== "HEAD" && m !== "POST")],
    anyMethod,
    requestHeaders: listed?.map((h) => h.toLowerCase()),
    refuseAuthorization: c.allowHeadersMode === "wildcard" && sample !== undefined && !decide(policy, "OPTIONS", sample, method, "authorization").allowed,
    responses,
    ownedHeaders: c.timingAllowOrigin === "off" ? CORS_RESPONSE_HEADERS : [...CORS_RESPONSE_HEADERS, "Timing-Allow-Origin"],
  };
}
