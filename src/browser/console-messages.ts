/**
 * Failure kinds as data: for each stable code, the console text Chromium prints (verbatim, from
 * third_party/blink/renderer/platform/loader/cors/cors_error_string.cc `GetErrorStringForConsoleMessage`
 * and core/fetch/fetch_manager.cc), the text Firefox prints (dom/locales/en-US/chrome/security/
 * security.properties), and a one-line fix for the server owner.
 */
import { mixedContentMessage } from "./mixed-content.js";
import type { BrowserProfile } from "./profiles.js";
import { webkitLines } from "./webkit-messages.js";

/** Chromium `network::mojom::CorsError` names (as DevTools reports them) plus non-CORS failures. */
export type CorsErrorCode =
  | "DisallowedByMode"
  | "CorsDisabledScheme"
  | CheckFailureCode
  | `Preflight${CheckFailureCode}`
  | "PreflightInvalidStatus"
  | "PreflightDisallowedRedirect"
  | "InvalidAllowMethodsPreflightResponse"
  | "InvalidAllowHeadersPreflightResponse"
  | "MethodDisallowedByPreflightResponse"
  | "HeaderDisallowedByPreflightResponse"
  | "RedirectContainsCredentials"
  | "InvalidRequest"
  | "SameOriginModeRedirect"
  | "NoCorsRedirectModeNotFollow"
  | "UnsupportedScheme"
  | "RedirectModeError"
  | "TooManyRedirects"
  | "InvalidRedirect"
  | "NetworkFailure"
  | "MixedContent"
  | "InsecureLocalNetwork"
  | "LocalNetworkAccessPermissionDenied";

/** Failures decided before CORS (mixed content, Local Network Access): no response header can fix them. */
export const BEFORE_CORS_CODES: ReadonlySet<CorsErrorCode> = new Set(["MixedContent", "InsecureLocalNetwork", "LocalNetworkAccessPermissionDenied"]);

/** The CORS check's failures (cors-check.ts); on a preflight response each has a `Preflight…` variant. */
export type CheckFailureCode =
  | "WildcardOriginNotAllowed"
  | "MissingAllowOriginHeader"
  | "MultipleAllowOriginValues"
  | "InvalidAllowOriginValue"
  | "AllowOriginMismatch"
  | "InvalidAllowCredentials";

/** What a message or a fix may mention. */
export interface MessageContext {
  /** Chromium's failed parameter. */
  readonly hint: string;
  /** The URL fetch() was called with (canonical). */
  readonly initialUrl: string;
  /** The URL whose response failed (differs after redirects). */
  readonly lastUrl: string;
  /** The page origin (never the tainted `null`). */
  readonly pageOrigin: string;
  /** The page's URL (the frame's), when known; else the origin's root. */
  readonly pageUrl?: string;
  /** The serialised request origin the server had to answer (`null` once tainted). */
  readonly requestOrigin: string;
  /** Status of the failing response, if any. */
  readonly status: number | null;
  /** For Firefox's token messages: the offending list element. */
  readonly token: string;
  readonly method: string;
  readonly credentials: boolean;
  /** Every header name the preflight response failed to allow (for the fix). */
  readonly missingHeaders?: readonly string[];
  /**
   * Where the CORS check that failed cancelled the request, when it did so before the response
   * reached the page: in the preflight, in a redirected preflight, or on a redirect response.
   * Firefox then also reports the cancelled channel (see {@link consoleMessage}).
   */
  readonly cancelled?: "preflight" | "preflight-redirect" | "redirect";
  /**
   * Firefox, a refused preflight redirect: the CORS check that failed when the redirect response
   * was checked again (BrowserProfile.refusedPreflightRedirectRechecked); it replaces the
   * failed-preflight line (g47, seed 10 g703).
   */
  readonly redirectRecheck?: { readonly code: CorsErrorCode; readonly hint: string };
  /** For an unparsable Access-Control-Allow-Methods or -Headers: the whole value (WebKit prints it). */
  readonly headerValue?: string;
  /** When a redirect response failed: the URL it pointed to (WebKit names it). */
  readonly redirectTarget?: string;
  /** For Local Network Access failures: the target's address space (`loopback`, `local`). */
  readonly addressSpace?: string;
}

interface FailureKind {
  /** Whether Chromium prefixes "Response to preflight request doesn't pass access control check: ". */
  readonly preflightPrefix: boolean;
  /** `cors`: the CORS template; `fetch`: a renderer "Fetch API cannot load <url>. " line; `raw`: the text as is; null: no console error. */
  readonly chromium: { readonly form: "cors" | "fetch" | "raw"; readonly text: (c: MessageContext) => string } | null;
  /** Firefox `security.properties` text after "… the remote resource at ". */
  readonly firefox: ((c: MessageContext) => string) | null;
  readonly fix: (c: MessageContext) => string;
}

const NO_CORS_INFORMATION = " Have the server send the header with a valid value.";
const WILDCARD =
  "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
const MISSING = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

/** Chromium `EncodeHint`: printable ASCII as is, everything else as \uXXXX. */
export function encodeHint(hint: string): string {
  let out = "";
  for (let i = 0; i < hint.length; i++) {
    const c = hint.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? hint[i] : `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return out;
}

/** The header a server must send for the request origin (a noun phrase: callers add the verb). */
const acao = (c: MessageContext) => `\`Access-Control-Allow-Origin: ${c.requestOrigin}\``;
/**
 * True when the origin to answer is `null` only because a cross-origin redirect tainted it (Fetch
 * "serializing a request origin"). Allowing `null` would let every sandboxed iframe and file: page
 * in, and corsproof itself refuses it, so the advice is to call the final URL instead.
 */
const taintedByRedirect = (c: MessageContext) => c.requestOrigin === "null" && c.pageOrigin !== "null";
const CALL_FINAL_URL = (c: MessageContext) =>
  `Have the page call the final URL (${c.lastUrl}) directly. After a cross-origin redirect the browser sends \`Origin: null\`, and allowing the null origin would let any sandboxed iframe or file: page read the response (corsproof refuses it as insecure).`;
const acaoFix = (where: string) => (c: MessageContext) =>
  taintedByRedirect(c)
    ? CALL_FINAL_URL(c)
    : `Send ${acao(c)} (exactly one value, byte-for-byte the request origin) on the ${where}${c.credentials ? " together with `Access-Control-Allow-Credentials: true`" : ""}.`;
const status = (c: MessageContext) => (c.status === null ? "(null)" : String(c.status));

/** The catalogue, keyed by code. */
export const FAILURE_KINDS: Readonly<Record<CorsErrorCode, FailureKind>> = {
  DisallowedByMode: {
    preflightPrefix: false,
    // Blink refuses before the network service would report "Cross origin requests are not allowed by request mode."
    chromium: {
      form: "fetch",
      text: (c) => `Request mode is "same-origin" but the URL's origin is not same as the request origin ${c.pageOrigin}.`,
    },
    firefox: null,
    fix: () => "The page asked for mode 'same-origin'; use mode 'cors' for cross-origin URLs.",
  },
  SameOriginModeRedirect: {
    preflightPrefix: false,
    // Blink's redirect check (a "security" console entry; no DevTools CORS issue). The frame URL is
    // the page's document URL; the model only knows the origin and prints "<origin>/".
    chromium: {
      form: "raw",
      text: (c) => `Unsafe attempt to load URL ${c.lastUrl} from frame with URL ${c.pageUrl ?? `${c.pageOrigin}/`}. Domains, protocols and ports must match.\n`,
    },
    firefox: null,
    fix: () => "The page asked for mode 'same-origin' but a redirect left the origin; do not redirect this URL cross-origin.",
  },
  CorsDisabledScheme: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: () => "Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.",
    },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS request not http).`,
    fix: () => "Serve the resource over http(s).",
  },
  WildcardOriginNotAllowed: {
    preflightPrefix: false,
    chromium: { form: "cors", text: () => WILDCARD },
    firefox: (c) => `‘${c.lastUrl}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`,
    fix: (c) =>
      taintedByRedirect(c)
        ? CALL_FINAL_URL(c)
        : `For credentialed requests reflect the allowed origin instead of '*': send ${acao(c)} and \`Access-Control-Allow-Credentials: true\`.`,
  },
  MissingAllowOriginHeader: {
    preflightPrefix: false,
    chromium: { form: "cors", text: () => MISSING },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: ${status(c)}.`,
    fix: acaoFix("response (error responses and redirects too)"),
  },
  MultipleAllowOriginValues: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: (c) => `The 'Access-Control-Allow-Origin' header contains multiple values '${encodeHint(c.hint)}', but only one is allowed.${NO_CORS_INFORMATION}`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`,
    fix: (c) => `Send a single Access-Control-Allow-Origin line with one value (${c.requestOrigin}); check that a proxy and the app do not both add it.`,
  },
  InvalidAllowOriginValue: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: (c) => `The 'Access-Control-Allow-Origin' header contains the invalid value '${encodeHint(c.hint)}'.${NO_CORS_INFORMATION}`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${c.hint}’).`,
    fix: acaoFix("response"),
  },
  AllowOriginMismatch: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: (c) =>
        `The 'Access-Control-Allow-Origin' header has a value '${encodeHint(c.hint)}' that is not equal to the supplied origin.${NO_CORS_INFORMATION}`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${c.hint}’).`,
    fix: acaoFix("response (no trailing slash, no path, same case and port)"),
  },
  InvalidAllowCredentials: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: (c) =>
        `The value of the 'Access-Control-Allow-Credentials' header in the response is '${encodeHint(c.hint)}' which must be 'true' when the request's credentials mode is 'include'.`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`,
    fix: () => "Send `Access-Control-Allow-Credentials: true` (exactly, lower-case, one line) on credentialed responses.",
  },
  PreflightWildcardOriginNotAllowed: {
    preflightPrefix: true,
    chromium: { form: "cors", text: () => WILDCARD },
    firefox: (c) => `‘${c.lastUrl}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`,
    fix: (c) =>
      taintedByRedirect(c) ? CALL_FINAL_URL(c) : `Answer the OPTIONS preflight with ${acao(c)} and \`Access-Control-Allow-Credentials: true\` instead of '*'.`,
  },
  PreflightMissingAllowOriginHeader: {
    preflightPrefix: true,
    chromium: { form: "cors", text: () => MISSING },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: ${status(c)}.`,
    fix: (c) =>
      taintedByRedirect(c)
        ? CALL_FINAL_URL(c)
        : `Answer the OPTIONS preflight with a 2xx status, ${acao(c)} and the allowed methods and headers (a preflight refused by auth or routing, or by the CORS layer, gets no CORS headers).`,
  },
  PreflightMultipleAllowOriginValues: {
    preflightPrefix: true,
    chromium: {
      form: "cors",
      text: (c) => `The 'Access-Control-Allow-Origin' header contains multiple values '${encodeHint(c.hint)}', but only one is allowed.${NO_CORS_INFORMATION}`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`,
    fix: (c) => `Answer the preflight with a single Access-Control-Allow-Origin line: ${c.requestOrigin}.`,
  },
  PreflightInvalidAllowOriginValue: {
    preflightPrefix: true,
    chromium: {
      form: "cors",
      text: (c) => `The 'Access-Control-Allow-Origin' header contains the invalid value '${encodeHint(c.hint)}'.${NO_CORS_INFORMATION}`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${c.hint}’).`,
    fix: acaoFix("preflight response"),
  },
  PreflightAllowOriginMismatch: {
    preflightPrefix: true,
    chromium: {
      form: "cors",
      text: (c) =>
        `The 'Access-Control-Allow-Origin' header has a value '${encodeHint(c.hint)}' that is not equal to the supplied origin.${NO_CORS_INFORMATION}`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${c.hint}’).`,
    fix: acaoFix("preflight response"),
  },
  PreflightInvalidAllowCredentials: {
    preflightPrefix: true,
    chromium: {
      form: "cors",
      text: (c) =>
        `The value of the 'Access-Control-Allow-Credentials' header in the response is '${encodeHint(c.hint)}' which must be 'true' when the request's credentials mode is 'include'.`,
    },
    firefox: (c) => `${c.lastUrl}. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`,
    fix: () =>
      "Send `Access-Control-Allow-Credentials: true` on the OPTIONS preflight response too (the preflight is checked with the actual request's credentials mode).",
  },
  PreflightInvalidStatus: {
    preflightPrefix: true,
    chromium: { form: "cors", text: () => "It does not have HTTP ok status." },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS preflight response did not succeed). Status code: ${status(c)}.`,
    fix: (c) =>
      `Answer the OPTIONS preflight with a 2xx status (204 is usual); it got ${status(c)}. Let CORS handle OPTIONS before auth, routing and redirects.`,
  },
  PreflightDisallowedRedirect: {
    preflightPrefix: true,
    chromium: { form: "cors", text: () => "Redirect is not allowed for a preflight request." },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS request external redirect not allowed).`,
    fix: () => "Do not redirect OPTIONS preflights (e.g. http→https or trailing-slash redirects); have the page call the final URL.",
  },
  InvalidAllowMethodsPreflightResponse: {
    preflightPrefix: false,
    chromium: { form: "cors", text: () => "Cannot parse Access-Control-Allow-Methods response header field in preflight response." },
    firefox: (c) => `${c.lastUrl}. (Reason: invalid token ‘${c.token}’ in CORS header ‘Access-Control-Allow-Methods’).`,
    fix: () => "Send Access-Control-Allow-Methods as a comma-separated list of method tokens, e.g. `GET, POST, PUT`.",
  },
  InvalidAllowHeadersPreflightResponse: {
    preflightPrefix: false,
    chromium: { form: "cors", text: () => "Cannot parse Access-Control-Allow-Headers response header field in preflight response." },
    firefox: (c) => `${c.lastUrl}. (Reason: invalid token ‘${c.token}’ in CORS header ‘Access-Control-Allow-Headers’).`,
    fix: () => "Send Access-Control-Allow-Headers as a comma-separated list of header names, e.g. `Content-Type, Authorization`.",
  },
  MethodDisallowedByPreflightResponse: {
    preflightPrefix: false,
    chromium: { form: "cors", text: (c) => `Method ${encodeHint(c.hint)} is not allowed by Access-Control-Allow-Methods in preflight response.` },
    firefox: (c) => `${c.lastUrl}. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`,
    fix: (c) =>
      `Add \`${c.hint}\` (exact case) to Access-Control-Allow-Methods on the preflight response${c.credentials ? " ('*' is literal for credentialed requests)" : ""}.`,
  },
  HeaderDisallowedByPreflightResponse: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: (c) => `Request header field ${encodeHint(c.hint)} is not allowed by Access-Control-Allow-Headers in preflight response.`,
    },
    firefox: (c) =>
      `${c.lastUrl}. (Reason: header ‘${c.hint}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`,
    fix: (c) =>
      `Add \`${(c.missingHeaders ?? [c.hint]).join(", ")}\` to Access-Control-Allow-Headers on the preflight response${c.credentials ? " ('*' is literal for credentialed requests)" : ""}.`,
  },
  RedirectContainsCredentials: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: (c) => `Redirect location '${encodeHint(c.hint)}' contains a username and password, which is disallowed for cross-origin requests.`,
    },
    // Gecko refuses the redirect before any response reaches the CORS listener: "(null)" (g162).
    firefox: (c) => FAILURE_KINDS.NetworkFailure.firefox!({ ...c, status: null }),
    fix: () => "Remove the username and password from the Location header.",
  },
  InvalidRequest: {
    preflightPrefix: false,
    chromium: null,
    firefox: null,
    fix: () => "The page's fetch() call is invalid; nothing on the server can change that.",
  },
  NoCorsRedirectModeNotFollow: {
    preflightPrefix: false,
    chromium: { form: "fetch", text: () => `Request mode is "no-cors" but the redirect mode is not "follow".` },
    firefox: null,
    fix: () => "The page must use redirect 'follow' with mode 'no-cors'.",
  },
  UnsupportedScheme: {
    preflightPrefix: false,
    chromium: { form: "fetch", text: (c) => `URL scheme "${c.hint}" is not supported.` },
    firefox: (c) => `${c.lastUrl}. (Reason: CORS request not http).`,
    fix: () => "Serve the resource over http(s).",
  },
  RedirectModeError: {
    preflightPrefix: false,
    chromium: null,
    firefox: null,
    fix: () => "The page used redirect 'error'; serve the resource at the requested URL without redirecting.",
  },
  TooManyRedirects: {
    preflightPrefix: false,
    chromium: null,
    // The CORS listener reports the channel the redirect limit cancelled, at the last URL (r33).
    firefox: (c) => FAILURE_KINDS.NetworkFailure.firefox!({ ...c, status: null }),
    fix: () => "Break the redirect loop (at most 20 redirects are followed).",
  },
  InvalidRedirect: {
    preflightPrefix: false,
    chromium: null,
    firefox: null,
    fix: () => "Send a Location header that is a valid http(s) URL without a username or password.",
  },
  NetworkFailure: {
    preflightPrefix: false,
    chromium: null,
    firefox: (c) => `${c.lastUrl}. (Reason: CORS request did not succeed). Status code: ${status(c)}.`,
    fix: () => "The server could not be reached; check the URL, DNS, TLS and that the server is up.",
  },
  // Blocked in the renderer before any network use (mixed-content.ts); no DevTools CORS issue.
  MixedContent: {
    preflightPrefix: false,
    chromium: { form: "raw", text: (c) => mixedContentMessage(c.pageUrl ?? `${c.pageOrigin}/`, c.lastUrl) },
    firefox: null,
    fix: () => "Serve the API over https: (an https: page may only fetch https: URLs, or http: on localhost/127.0.0.1).",
  },
  // Local Network Access (local-network-access.ts): cors_error_string.cc kInsecureLocalNetwork.
  InsecureLocalNetwork: {
    preflightPrefix: false,
    chromium: {
      form: "cors",
      text: (c) => `The request client is not a secure context and the resource is in more-private address space \`${c.addressSpace ?? "unknown"}\`.`,
    },
    firefox: null,
    fix: (c) => `Serve the page over https: — a public http: page may not reach the ${c.addressSpace ?? "local"} network at all.`,
  },
  // kLocalNetworkAccessPermissionDenied; Chromium 156 names the resource's space.
  LocalNetworkAccessPermissionDenied: {
    preflightPrefix: false,
    chromium: { form: "cors", text: (c) => `Permission was denied for this request to access the \`${c.addressSpace ?? "unknown"}\` address space.` },
    firefox: null,
    fix: (c) =>
      `The user must allow this site to reach the ${c.addressSpace ?? "local"} network (Chromium's Local Network Access prompt; headless Chromium denies it); nothing on the server changes that.`,
  },
};

/**
 * Firefox's console lines for a failure, joined by "\n". A CORS check that fails in the preflight
 * or on a redirect cancels the channel, and nsCORSListenerProxy::OnStartRequest then reports the
 * cancelled channel too (`CORSDidNotSucceed2`, "Status code: (null)": no response reached it); a
 * redirected preflight is first reported as a failed preflight (`CORSPreflightDidNotSucceed3`)
 * with the redirect's status. Observed on 153.8.0esr (seed 20260521: g0, g2, g49).
 */
function firefoxLines(kind: FailureKind, context: MessageContext): string | null {
  if (kind.firefox === null) return null;
  const lines = [FIREFOX_PREFIX + kind.firefox(context)];
  // A redirected preflight: refused as such, it is also a failed preflight; failing the CORS check
  // first, the cancelled channel is reported twice (g131, g206, g311).
  // Refused after passing, and failing the check made again, that failure is reported
  // instead of the failed preflight (g47).
  if (context.cancelled === "preflight-redirect") {
    const refused = kind === FAILURE_KINDS.PreflightDisallowedRedirect;
    const recheck = refused ? context.redirectRecheck : undefined;
    if (recheck !== undefined) lines.push(FIREFOX_PREFIX + FAILURE_KINDS[recheck.code].firefox!({ ...context, hint: recheck.hint }));
    else {
      const next = refused ? FAILURE_KINDS.PreflightInvalidStatus : FAILURE_KINDS.NetworkFailure;
      lines.push(FIREFOX_PREFIX + next.firefox!(refused ? context : { ...context, status: null }));
    }
  }
  if (context.cancelled !== undefined) lines.push(FIREFOX_PREFIX + FAILURE_KINDS.NetworkFailure.firefox!({ ...context, status: null }));
  return lines.join("\n");
}

const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";
const FIREFOX_PREFIX = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";

/**
 * The console error a browser prints for a failure, or null when it prints none that concerns CORS.
 * Chromium's form: `Access to fetch at '<last>' [(redirected from '<first>') ]from origin '<page>'
 * has been blocked by CORS policy: [preflight prefix]<text>`; renderer-side checks print
 * `Fetch API cannot load <url>. <text>`.
 */
export function consoleMessage(code: CorsErrorCode, context: MessageContext, profile: BrowserProfile): string | null {
  const kind = FAILURE_KINDS[code];
  if (profile.messages === "firefox") return firefoxLines(kind, context);
  if (profile.messages === "webkit") return webkitLines(code, context);
  if (kind.chromium === null) return null;
  if (kind.chromium.form === "fetch") return `Fetch API cannot load ${context.lastUrl}. ${kind.chromium.text(context)}`;
  if (kind.chromium.form === "raw") return kind.chromium.text(context);
  const redirected = context.initialUrl !== context.lastUrl ? `(redirected from '${context.initialUrl}') ` : "";
  return (
    `Access to fetch at '${context.lastUrl}' ${redirected}from origin '${context.pageOrigin}' has been blocked by CORS policy: ` +
    (kind.preflightPrefix ? PREFLIGHT_PREFIX : "") +
    kind.chromium.text(context)
  );
}
