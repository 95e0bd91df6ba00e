/**
 * What the server should send, worked out from what it did send: the one home of the advice that
 * `corsproof check`, `explain`, the demo and `expectCors` give after a verdict.
 *
 * A blocked request has several possible causes that look alike in the console (a preflight
 * answered by auth or routing, a CORS layer refusing the origin, a header or a method, an error
 * response without CORS headers, a redirect). The responses tell them apart: CORS headers on the
 * preflight or on a plain request to the same URL, `Vary` naming the CORS request headers, the
 * status, `Allow`, `WWW-Authenticate`, and corsproof's `debug: true` explanation body. The advice
 * then ADDS to the policy the server already applies (inferred from its answers) rather than
 * replacing it, and never suggests what would be insecure.
 */
import { isToken } from "../protocol/token.js";
import { getHeader } from "./cors-check.js";
import { parseExposeHeaders } from "./exposed-headers.js";
import type { BrowserResult, Exchange, WireResponse } from "./types.js";

/** Why the request failed, as far as the responses show. */
export type DiagnosisCause =
  /** The CORS layer answered but does not allow this origin. */
  | "origin-not-allowed"
  /** The CORS layer allows the origin but not a requested header. */
  | "header-not-allowed"
  /** The CORS layer allows the origin but not the method. */
  | "method-not-allowed"
  /** The CORS layer refused the preflight; the responses do not say whether for a header or the method. */
  | "preflight-refused"
  /** Auth, routing or a proxy answered the OPTIONS preflight before the CORS layer could. */
  | "preflight-not-handled"
  /** No response for this origin carries any CORS header: no CORS layer on this route, or the origin is not allowed. */
  | "no-cors-headers"
  /** The server failed and its error response lost the CORS headers. */
  | "error-without-cors"
  /** Credentials need an explicit origin and `Access-Control-Allow-Credentials: true`. */
  | "credentials"
  /** A redirect the browser will not follow for this request; the page must call the final URL. */
  | "redirect"
  /** Malformed or duplicated CORS headers. */
  | "malformed"
  /** Not a server problem (the page's fetch() call, the request mode, the network). */
  | "client";

/** The CORS policy the server applies to this URL, as far as its answers reveal it. */
export interface ObservedPolicy {
  /** Specific origins seen in Access-Control-Allow-Origin (never `null`). */
  readonly origins: readonly string[];
  /** True when the server answered `Access-Control-Allow-Origin: *`. */
  readonly anyOrigin: boolean;
  readonly credentials: boolean;
  /** From Access-Control-Allow-Methods on a preflight answer. */
  readonly methods: readonly string[];
  /** From Access-Control-Allow-Headers on a preflight answer (lower case). */
  readonly allowedHeaders: readonly string[];
  /** From Access-Control-Expose-Headers (lower case). */
  readonly exposedHeaders: readonly string[];
  readonly maxAge: number | null;
}

/** What to add to the server's policy; empty when there is nothing to add (or nothing safe). */
export interface PolicyAdditions {
  readonly origins: readonly string[];
  readonly methods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly exposedHeaders: readonly string[];
  readonly credentials: boolean;
}

/** The result of {@link diagnose}. */
export interface Diagnosis {
  readonly cause: DiagnosisCause | null;
  /** One sentence: the most likely cause and the evidence for it. */
  readonly summary: string | null;
  /** What the responses show, one fact a line. */
  readonly evidence: readonly string[];
  /** How to confirm the cause, or null. */
  readonly confirm: string | null;
  /** What the responses reveal of the current policy. */
  readonly current: ObservedPolicy;
  /** What to add to it; null when the fix is not a policy change (or when nothing should change). */
  readonly add: PolicyAdditions | null;
  /** Response headers the server sends that script cannot read, lower case (the most asked CORS question). */
  readonly unreadableHeaders: readonly string[];
  /** Security warnings about what the server allows. */
  readonly warnings: readonly string[];
}

/** What {@link diagnose} needs besides the result. */
export interface DiagnoseInput {
  /** The page origin. */
  readonly origin: string;
  readonly method: string;
  /** Lower-case names of the non-safelisted request headers script sets (what a preflight asks for). */
  readonly requestedHeaders: readonly string[];
  readonly credentials: boolean;
  /** A plain GET to the same URL from the same origin, sent to see whether the CORS layer allows the origin. */
  readonly probe?: BrowserResult | null;
  /** The same request from an origin the server cannot know (see {@link UNKNOWN_ORIGIN}). */
  readonly reflection?: BrowserResult | null;
}

/** An origin no server can have in its allowlist (`.invalid` is reserved by RFC 6761). */
export const UNKNOWN_ORIGIN = "https://corsproof-probe.invalid";

/** Headers that are infrastructure, security policy or CORS itself: not worth exposing to script. */
const NOT_FOR_SCRIPT =
  /^(access-control-|vary$|date$|connection$|keep-alive$|transfer-encoding$|server$|x-powered-by$|timing-allow-origin$|set-cookie2?$|strict-transport-security$|content-security-policy|x-content-type-options$|x-frame-options$|x-xss-protection$|referrer-policy$|cross-origin-|permissions-policy$|alt-svc$|report-to$|nel$|x-dns-prefetch-control$|x-download-options$|x-permitted-cross-domain-policies$|origin-agent-cluster$|x-ratelimit-|ratelimit|content-encoding$|accept-ranges$|age$|etag$)/;
const SAFELISTED_METHODS = ["GET", "HEAD", "POST"];
const SAFELISTED_RESPONSE = new Set(["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"]);
const DEBUG_BODY = /^corsproof refused this CORS preflight from "[^"]*": ([^\n]*)/;

function list(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");
}

function hasCorsHeaders(r: WireResponse | null | undefined): boolean {
  return r?.headers.some(([n]) => /^access-control-allow-/i.test(n)) ?? false;
}

/** `Vary` naming Origin or a CORS request header: the CORS layer looked at this request. */
function variesOnCors(r: WireResponse | null | undefined): boolean {
  const vary = r === null || r === undefined ? [] : r.headers.filter(([n]) => n.toLowerCase() === "vary").flatMap(([, v]) => list(v.toLowerCase()));
  return vary.some((v) => v === "origin" || v.startsWith("access-control-request-"));
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.some((y) => y.toLowerCase() === x.toLowerCase())) out.push(x);
  return out;
}

/** The policy the server's answers reveal, over every response of the result and the probes. */
export function observePolicy(exchanges: readonly Exchange[], origin: string): ObservedPolicy {
  let origins: string[] = [];
  let anyOrigin = false;
  let credentials = false;
  let methods: string[] = [];
  let allowedHeaders: string[] = [];
  let exposedHeaders: string[] = [];
  let maxAge: number | null = null;
  for (const x of exchanges) {
    const r = x.response;
    if (r === null) continue;
    const acao = getHeader(r, "access-control-allow-origin");
    if (acao === "*") anyOrigin = true;
    else if (acao !== undefined && acao !== "null" && acao === origin) origins = union(origins, [acao]);
    if (getHeader(r, "access-control-allow-credentials") === "true") credentials = true;
    if (x.kind === "preflight") {
      // Only well-formed names are kept: a malformed list is part of what the fix replaces.
      methods = union(methods, list(getHeader(r, "access-control-allow-methods")).filter(isToken));
      allowedHeaders = union(allowedHeaders, list(getHeader(r, "access-control-allow-headers")?.toLowerCase()).filter(isToken));
      const age = getHeader(r, "access-control-max-age");
      if (age !== undefined && /^\d+$/.test(age)) maxAge = Number(age);
    } else {
      exposedHeaders = union(exposedHeaders, [...parseExposeHeaders(getHeader(r, "access-control-expose-headers"))]);
    }
  }
  return { origins, anyOrigin, credentials, methods, allowedHeaders, exposedHeaders, maxAge };
}

/** Headers on the final response that script cannot read although the server sends them. */
export function unreadableHeaders(result: BrowserResult): string[] {
  const final = result.trace.at(-1);
  if (!result.allowed || result.response?.type !== "cors" || final?.response === null || final === undefined) return [];
  const readable = new Set(result.exposedHeaders);
  const out: string[] = [];
  for (const [name] of final.response.headers) {
    const lower = name.toLowerCase();
    if (!readable.has(lower) && !SAFELISTED_RESPONSE.has(lower) && !NOT_FOR_SCRIPT.test(lower) && !out.includes(lower)) out.push(lower);
  }
  return out;
}

const NONE: PolicyAdditions = { origins: [], methods: [], allowedHeaders: [], exposedHeaders: [], credentials: false };
const additions = (a: Partial<PolicyAdditions>): PolicyAdditions => ({ ...NONE, ...a });

/** Storable and fresh for a while: explicit freshness (max-age, Expires, public) or a heuristic one (Last-Modified, RFC 9111 §4.2.2), and not private or no-store. */
function cacheable(method: string, r: WireResponse): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const cc = (getHeader(r, "cache-control") ?? "").toLowerCase();
  if (/no-store|private/.test(cc)) return false;
  return /max-age|s-maxage|public/.test(cc) || getHeader(r, "expires") !== undefined || getHeader(r, "last-modified") !== undefined;
}

function securityWarnings(result: BrowserResult, input: DiagnoseInput): string[] {
  const warnings: string[] = [];
  const reflected = input.reflection;
  if (reflected?.allowed && reflected.response?.type === "cors") {
    warnings.push(
      `The server also allowed ${UNKNOWN_ORIGIN}, an origin it cannot know, with credentials: it reflects any Origin, so every website can read these responses with the user's cookies. Allow a fixed list of origins instead.`,
    );
  }
  const final = result.trace.at(-1);
  if (result.allowed && final?.response) {
    const acao = getHeader(final.response, "access-control-allow-origin");
    const vary = final.response.headers.filter(([n]) => n.toLowerCase() === "vary").flatMap(([, v]) => list(v.toLowerCase()));
    const probeAcao = reflected?.trace.at(-1)?.response
      ? getHeader(reflected.trace.at(-1)?.response as WireResponse, "access-control-allow-origin")
      : undefined;
    // Known to depend on the Origin only when the unknown-origin probe got a different value.
    const dynamic = reflected !== undefined && reflected !== null && probeAcao !== acao;
    if (acao !== undefined && acao !== "*" && !vary.includes("origin") && !vary.includes("*") && cacheable(final.request.method, final.response)) {
      warnings.push(
        `Access-Control-Allow-Origin names ${acao} on a cacheable response without \`Vary: Origin\`${dynamic ? "" : " (if the value depends on the request's Origin)"}: a browser or shared cache can hand this response to a page on another origin, which then fails or reads what it should not. Add \`Vary: Origin\`.`,
      );
    }
  }
  return warnings;
}

function debugExplanation(r: WireResponse | null | undefined): string | null {
  const m = r?.body === undefined ? null : DEBUG_BODY.exec(r.body);
  return m?.[1] ?? null;
}

/** The response of the first exchange of `kind`. */
function responseOf(result: BrowserResult, kind: Exchange["kind"]): WireResponse | null {
  return result.trace.find((x) => x.kind === kind)?.response ?? null;
}

const CONFIRM_DEBUG =
  "If the server uses corsproof, set `debug: true` on its policy: a refused preflight then says why in its body (`corsproof check` shows it). With the `cors` or `@fastify/cors` packages, log inside an `origin` function to see what they are asked.";

/**
 * Diagnoses a simulated fetch: the most likely cause of a block (or the warnings on an allowed
 * request), the policy the server's answers reveal, and what to add to it.
 *
 * @example
 * const result = await simulateFetch(request, { transport });
 * const d = diagnose(result, { origin: request.origin, method: "PUT", requestedHeaders: ["x-custom"], credentials: false });
 * d.cause;              // "header-not-allowed"
 * d.add?.allowedHeaders; // ["x-custom"]
 *
 * Security: the advice never suggests allowing `null` (a cross-origin redirect makes the browser
 * send it; any sandboxed page can too), `*` with credentials, or reflecting any origin.
 */
export function diagnose(result: BrowserResult, input: DiagnoseInput): Diagnosis {
  const exchanges = [...result.trace, ...(input.probe?.trace ?? [])];
  const current = observePolicy(exchanges, input.origin);
  const warnings = securityWarnings(result, input);
  const unreadable = unreadableHeaders(result);
  const done = (cause: DiagnosisCause | null, summary: string | null, evidence: string[], confirm: string | null, add: PolicyAdditions | null): Diagnosis => ({
    cause,
    summary,
    evidence,
    confirm,
    current,
    add,
    unreadableHeaders: unreadable,
    warnings,
  });
  if (result.allowed) {
    const add = unreadable.length > 0 ? additions({ exposedHeaders: unreadable }) : null;
    return done(null, null, [], null, add);
  }
  const error = result.error;
  if (error === null) return done(null, null, [], null, null);
  const code = error.code;
  const evidence: string[] = [];
  /** Everything this request needs from a CORS layer. */
  const requestNeeds = additions({
    origins: [input.origin],
    credentials: input.credentials,
    methods: SAFELISTED_METHODS.includes(input.method) ? [] : [input.method],
    allowedHeaders: input.requestedHeaders,
  });
  const redirected = result.trace.some((x) => x.kind === "redirect");
  const lastOrigin = result.trace.at(-1)?.request.headers.find(([n]) => n === "Origin")?.[1];
  if (code === "PreflightDisallowedRedirect" || (redirected && lastOrigin === "null" && input.origin !== "null")) {
    return done("redirect", error.fix, [], null, null);
  }
  const last = result.trace.at(-1);
  if (last?.kind === "redirect" && last.response !== null && !error.preflight && /AllowOrigin|AllowCredentials/.test(code)) {
    // Fetch "HTTP fetch" step 4.5: a redirect is CORS-checked like any response.
    const location = getHeader(last.response, "location") ?? "";
    return done(
      "redirect",
      `The redirect (${last.response.status} to ${location}) fails the CORS check: the browser checks every hop. Best, have the page call the final URL directly (one round trip less); otherwise the redirect response needs the CORS headers too: ${error.fix}`,
      [],
      null,
      null,
    );
  }
  if (
    [
      "InvalidRequest",
      "DisallowedByMode",
      "NoCorsRedirectModeNotFollow",
      "UnsupportedScheme",
      "NetworkFailure",
      "RedirectModeError",
      "SameOriginModeRedirect",
    ].includes(code)
  ) {
    return done("client", error.fix, [], null, null);
  }
  if (
    [
      "MultipleAllowOriginValues",
      "PreflightMultipleAllowOriginValues",
      "InvalidAllowOriginValue",
      "PreflightInvalidAllowOriginValue",
      "InvalidAllowMethodsPreflightResponse",
      "InvalidAllowHeadersPreflightResponse",
    ].includes(code)
  ) {
    // Hand-written or doubled CORS headers: one CORS layer with the request's needs replaces them.
    return done("malformed", error.fix, [], null, requestNeeds);
  }
  if (["TooManyRedirects", "InvalidRedirect", "RedirectContainsCredentials"].includes(code)) {
    return done("redirect", error.fix, [], null, null);
  }
  if (["WildcardOriginNotAllowed", "PreflightWildcardOriginNotAllowed", "InvalidAllowCredentials", "PreflightInvalidAllowCredentials"].includes(code)) {
    return done(
      "credentials",
      `The server answers for credentialed requests as if they were not: ${error.fix}`,
      [],
      null,
      additions({ origins: [input.origin], credentials: true }),
    );
  }
  if (code === "MethodDisallowedByPreflightResponse") {
    evidence.push(`The preflight answer allows the origin but lists methods: ${current.methods.join(", ") || "(none)"}.`);
    return done(
      "method-not-allowed",
      `The CORS layer allows ${input.origin} but not the method ${input.method}: add \`${input.method}\` to \`methods\`.`,
      evidence,
      null,
      additions({ methods: [input.method] }),
    );
  }
  if (code === "HeaderDisallowedByPreflightResponse") {
    const missing = [...(error.missingHeaders ?? [error.hint])].map((h) => h.toLowerCase());
    evidence.push(`The preflight answer allows the origin but lists headers: ${current.allowedHeaders.join(", ") || "(none)"}.`);
    return done(
      "header-not-allowed",
      `The CORS layer allows ${input.origin} but not the request header${missing.length > 1 ? "s" : ""} ${missing.map((h) => `\`${h}\``).join(", ")}: add ${missing.length > 1 ? "them" : "it"} to \`allowedHeaders\`.`,
      evidence,
      null,
      additions({ allowedHeaders: missing }),
    );
  }
  if (code === "AllowOriginMismatch" || code === "PreflightAllowOriginMismatch") {
    return done(
      "origin-not-allowed",
      `The server allows ${JSON.stringify(error.hint)}, not ${input.origin}: add ${input.origin} to \`origin\` (exactly as the browser sends it) if this page should read the API.`,
      [],
      null,
      additions({ origins: [input.origin], credentials: input.credentials }),
    );
  }
  // What is left: no Access-Control-Allow-Origin (or a non-2xx status) where one was needed.
  const preflight = result.preflight?.response ?? null;
  const actual = responseOf(result, "actual");
  const probeAllowed = input.probe?.allowed === true && input.probe.response?.type === "cors";
  const probeResponse = input.probe?.trace.at(-1)?.response ?? null;
  const addOrigin = additions({ origins: [input.origin], credentials: input.credentials });
  if (error.preflight && preflight !== null) {
    const status = preflight.status;
    const debug = debugExplanation(preflight);
    if (debug !== null) {
      evidence.push(`The preflight answer's body (corsproof debug mode): "${debug}".`);
      if (/origin/.test(debug)) return done("origin-not-allowed", `The CORS layer refused the origin ${input.origin}.`, evidence, null, addOrigin);
      if (/method/.test(debug))
        return done(
          "method-not-allowed",
          `The CORS layer refused the method ${input.method}: add \`${input.method}\` to \`methods\`.`,
          evidence,
          null,
          additions({ methods: [input.method] }),
        );
      const named = /\("([^"]+)"/.exec(debug)?.[1];
      const headers = named === undefined ? input.requestedHeaders : [named.toLowerCase()];
      return done(
        "header-not-allowed",
        `The CORS layer refused the request header ${headers.map((h) => `\`${h}\``).join(", ")}: add it to \`allowedHeaders\`.`,
        evidence,
        null,
        additions({ allowedHeaders: headers }),
      );
    }
    const allow = getHeader(preflight, "allow");
    const wwwAuth = getHeader(preflight, "www-authenticate");
    const layerLooked = hasCorsHeaders(preflight) || variesOnCors(preflight);
    evidence.push(
      `The preflight got ${status}${hasCorsHeaders(preflight) ? " with some CORS headers but no Access-Control-Allow-Origin" : " without CORS headers"}${variesOnCors(preflight) ? ", and `Vary` names Origin (a CORS layer looked at it)" : ""}${allow === undefined ? "" : `, \`Allow: ${allow}\``}${wwwAuth === undefined ? "" : ", `WWW-Authenticate` (an auth layer answered)"}.`,
    );
    if (input.probe) {
      evidence.push(
        probeAllowed
          ? `A plain GET from ${input.origin} to the same URL gets \`Access-Control-Allow-Origin: ${getHeader(probeResponse as WireResponse, "access-control-allow-origin")}\`: the CORS layer allows this origin.`
          : `A plain GET from ${input.origin} to the same URL gets ${probeResponse === null ? "no answer" : `${probeResponse.status} without Access-Control-Allow-Origin`}${variesOnCors(probeResponse) ? " (with `Vary: Origin`: a CORS layer answered and refused the origin)" : ""}.`,
      );
    }
    if (
      !layerLooked &&
      (wwwAuth !== undefined || status === 401 || status === 404 || status === 405 || (allow !== undefined && !/\bOPTIONS\b/i.test(allow)) || probeAllowed)
    ) {
      const auth = wwwAuth !== undefined || status === 401;
      const router = !auth && (status === 404 || status === 405 || allow !== undefined);
      const who = auth ? "an auth layer" : router ? "the router" : "something before the CORS layer";
      const confirm = auth
        ? "Send the same OPTIONS request with the Origin and Access-Control-Request-* headers above and no credentials: a 401 (or WWW-Authenticate) means auth runs before CORS; move the CORS middleware above it. "
        : router
          ? `The router answered OPTIONS itself${allow === undefined ? "" : ` (\`Allow: ${allow}\`)`}: the CORS middleware is mounted on the route's own method only (Express: \`app.get(path, cors(), ...)\`) or after the router; mount it for every method, before the routes. `
          : "";
      return done(
        "preflight-not-handled",
        `Most likely the preflight never reached the CORS layer: ${who} answered the OPTIONS request${probeAllowed ? ", although the CORS layer allows this origin on other requests" : ""}. Register CORS before auth and routing (and for OPTIONS on this route), so it answers preflights first.`,
        evidence,
        `${confirm}${CONFIRM_DEBUG}`,
        requestNeeds,
      );
    }
    if (input.probe && !probeAllowed) {
      const layerSeen = layerLooked || variesOnCors(probeResponse) || hasCorsHeaders(probeResponse);
      return done(
        layerSeen ? "origin-not-allowed" : "no-cors-headers",
        layerSeen
          ? `Most likely the CORS layer does not allow the origin ${input.origin} (it answers neither the preflight nor a plain GET from it). If this page should read the API, add the origin to \`origin\`; if not, there is nothing to fix.`
          : `No response for ${input.origin} carries a CORS header: either the origin is not in the allowlist, or no CORS layer runs for this route.`,
        evidence,
        CONFIRM_DEBUG,
        requestNeeds,
      );
    }
    return done(
      "preflight-refused",
      `The CORS layer refused the preflight${probeAllowed ? ` although it allows ${input.origin}` : ""}: most likely it does not allow ${input.requestedHeaders.length > 0 ? `a requested header (${input.requestedHeaders.join(", ")})` : "the method"}${input.requestedHeaders.length > 0 && !SAFELISTED_METHODS.includes(input.method) ? ` or the method ${input.method}` : ""}.`,
      evidence,
      CONFIRM_DEBUG,
      requestNeeds,
    );
  }
  if (actual !== null) {
    if (actual.status >= 500 && !hasCorsHeaders(actual)) {
      return done(
        "error-without-cors",
        `The server failed (${actual.status}) and its error response carries no CORS headers, so the page sees a CORS error instead of the ${actual.status}. Make the error handler keep the CORS headers (corsproof's adapters do), then fix the failure itself.`,
        [`The response is ${actual.status} without Access-Control-Allow-Origin.`],
        null,
        null,
      );
    }
    const looked = variesOnCors(actual);
    evidence.push(
      `The response is ${actual.status} without Access-Control-Allow-Origin${looked ? ", with `Vary: Origin` (a CORS layer answered and left this origin out)" : ""}.`,
    );
    return done(
      looked ? "origin-not-allowed" : "no-cors-headers",
      looked
        ? `The CORS layer does not allow the origin ${input.origin}. If this page should read the API, add the origin to \`origin\`; if not, there is nothing to fix: this is the allowlist working.`
        : `The response carries no CORS headers: either ${input.origin} is not in the allowlist, or no CORS layer runs for this route.`,
      evidence,
      looked ? null : CONFIRM_DEBUG,
      addOrigin,
    );
  }
  return done(null, error.fix, [], null, null);
}

/** One sentence per addition: "add `X-Custom` to `allowedHeaders`". */
export function additionSentences(d: Diagnosis): string[] {
  const a = d.add;
  if (a === null) return [];
  const names = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(", ");
  const lines: string[] = [];
  const newOrigins = a.origins.filter((o) => !d.current.origins.includes(o));
  if (newOrigins.length > 0) lines.push(`add ${names(newOrigins)} to \`origin\``);
  if (a.credentials && !d.current.credentials) lines.push("set `credentials: true`");
  const newMethods = a.methods.filter((m) => !d.current.methods.includes(m));
  if (newMethods.length > 0) lines.push(`add ${names(newMethods)} to \`methods\``);
  const newHeaders = a.allowedHeaders.filter((h) => !d.current.allowedHeaders.includes(h.toLowerCase()));
  if (newHeaders.length > 0) lines.push(`add ${names(newHeaders)} to \`allowedHeaders\``);
  const newExposed = a.exposedHeaders.filter((h) => !d.current.exposedHeaders.includes(h.toLowerCase()));
  if (newExposed.length > 0) lines.push(`add ${names(newExposed)} to \`exposedHeaders\``);
  return lines;
}

/** The policy the server needs: what it sends now plus the additions (keeps what is there). */
export function mergePolicy(current: ObservedPolicy, add: PolicyAdditions): ObservedPolicy {
  return {
    origins: union(current.origins, add.origins),
    anyOrigin: current.anyOrigin && !add.credentials && !current.credentials,
    credentials: current.credentials || add.credentials,
    methods: add.methods.length > 0 ? union(current.methods, add.methods) : current.methods,
    allowedHeaders: union(current.allowedHeaders, add.allowedHeaders),
    exposedHeaders: union(current.exposedHeaders, add.exposedHeaders),
    maxAge: current.maxAge,
  };
}
